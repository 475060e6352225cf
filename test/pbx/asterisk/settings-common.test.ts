import { parseAmiSettings, redactAmiSettings } from '../../../src/pbx/asterisk/ami-settings';
import { parseAriSettings, redactAriSettings } from '../../../src/pbx/asterisk/ari-settings';

describe('redacted settings', () => {
  test('AMI settings say the secret is set and never show it', () => {
    const settings = parseAmiSettings({ tenantId: 'contoso', host: 'pbx.example.com', username: 'bridge', secret: 'hunter2-secret' });
    const shown = redactAmiSettings(settings);
    expect(shown).toMatchObject({ tenantId: 'contoso', host: 'pbx.example.com', username: 'bridge', secret: '(set)' });
    expect(JSON.stringify(shown)).not.toContain('hunter2');
  });

  test('ARI settings say the password is set and never show it', () => {
    const settings = parseAriSettings({
      tenantId: 'contoso',
      url: 'http://pbx.example.com:8088/ari',
      username: 'bridge',
      password: 'hunter2-secret',
    });
    const shown = redactAriSettings(settings);
    expect(shown).toMatchObject({ tenantId: 'contoso', url: 'http://pbx.example.com:8088/ari', password: '(set)' });
    expect(JSON.stringify(shown)).not.toContain('hunter2');
  });

  test.each([
    ['AMI', () => parseAmiSettings({ tenantId: '', host: 'pbx', username: 'u', secret: 's' })],
    ['ARI', () => parseAriSettings({ tenantId: '', url: 'http://pbx:8088/ari', username: 'u', password: 'p' })],
  ])('%s settings without a tenant say to name it', (_connector, parse) => {
    expect(parse).toThrow(/tenantId: name the tenant this connector serves/);
  });
});
