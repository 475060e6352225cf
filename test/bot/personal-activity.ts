import { ADMIN_ID, TENANT } from './fake-admin-service';

/** A "help" message from the tenant's admin to the bot in a personal chat, as the Bot Connector posts it. */
export function personalHelpActivity(serviceUrl: string, appId: string) {
  return {
    type: 'message',
    id: 'in-1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:someone', aadObjectId: ADMIN_ID, name: 'Adele' },
    recipient: { id: `28:${appId}`, name: 'PresenceBridge' },
    conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text: 'help',
  };
}
