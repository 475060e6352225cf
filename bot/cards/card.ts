/**
 * Adaptive Card 1.5 (what Teams renders) as plain data, with the few building blocks the bot uses. `msteams`
 * is Teams' own extension (full width); schema checks must strip it.
 */
export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: 'Action.Submit' | 'Action.OpenUrl'; title: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
}

export type Tone = 'default' | 'good' | 'warning' | 'attention' | 'accent';

export function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function heading(text: string, tone: Tone = 'default'): CardElement {
  return {
    type: 'TextBlock',
    text,
    size: 'Medium',
    weight: 'Bolder',
    wrap: true,
    color: tone === 'default' ? 'Default' : capitalise(tone),
  };
}

export function paragraph(text: string, options: { subtle?: boolean; tone?: Tone } = {}): CardElement {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    ...(options.subtle ? { isSubtle: true, size: 'Small' } : {}),
    ...(options.tone && options.tone !== 'default' ? { color: capitalise(options.tone) } : {}),
  };
}

export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function section(title: string, items: CardElement[]): CardElement {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }, ...items],
  };
}

/** A button that sends `data` back to the bot as a new turn (Teams: a message with `value`). */
export function submit(title: string, data: { command: string } & Record<string, unknown>): CardAction {
  return { type: 'Action.Submit', title, data };
}

/** Adaptive Card text is Markdown-ish: keep names from the directory from turning into formatting. */
export function plain(text: string): string {
  return text.replace(/([\\*_`[\]#>~])/g, '\\$1');
}

export function when(at: number): string {
  return `${new Date(at).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

function capitalise(tone: Tone): string {
  return tone.charAt(0).toUpperCase() + tone.slice(1);
}
