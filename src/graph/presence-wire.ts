/** Graph's presence resource on the wire, validated; unknown enum values become PresenceUnknown. */
import { z } from 'zod';
import { ACTIVITIES, AVAILABILITIES } from '../sync/states';

export const presenceSchema = z.object({
  id: z.string(),
  availability: z.enum(AVAILABILITIES).catch('PresenceUnknown'),
  activity: z.enum(ACTIVITIES).catch('PresenceUnknown'),
  sequenceNumber: z.string().nullish(),
});
export type WirePresence = z.infer<typeof presenceSchema>;

export const presenceCollectionSchema = z.object({ value: z.array(presenceSchema) });
