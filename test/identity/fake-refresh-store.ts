/** The parts of the Store a directory refresh uses, in memory, recording every write. */
import type { RefreshStore } from '../../src/identity/directory-refresh';
import type { DirectoryUser, MappingConflict, MappingEntry, MappingOverride, PbxUser } from '../../src/identity/types';

export class FakeRefreshStore implements RefreshStore {
  users = new Map<string, DirectoryUser>();
  deltaLink: string | undefined;
  pbx: PbxUser[] = [];
  entries: MappingEntry[] = [];
  conflictList: MappingConflict[] = [];
  overrideList: MappingOverride[] = [];
  writes: string[] = [];

  directory: RefreshStore['directory'] = {
    listUsers: async () => [...this.users.values()],
    getDeltaLink: async () => this.deltaLink,
    applyDelta: async (_tenantId, change) => {
      this.writes.push('directory');
      if (change.fullResync) this.users.clear();
      for (const user of change.upserts) this.users.set(user.id, user);
      for (const id of change.removals) this.users.delete(id);
      this.deltaLink = change.deltaLink ?? undefined;
    },
  };

  pbxUsers: RefreshStore['pbxUsers'] = {
    list: async () => this.pbx,
    replace: async (_tenantId, users) => {
      this.writes.push('pbxUsers');
      this.pbx = users;
    },
  };

  mappings: RefreshStore['mappings'] = {
    list: async () => this.entries,
    conflicts: async () => this.conflictList,
    overrides: async () => this.overrideList,
    replace: async (_tenantId, entries, conflicts) => {
      this.writes.push('mappings');
      this.entries = entries;
      this.conflictList = conflicts;
    },
  };
}
