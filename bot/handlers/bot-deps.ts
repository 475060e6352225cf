import type { AdminService } from '../../src/admin/admin-service';
import type { AlertEngine } from '../../src/alerts/alert-engine';
import type { AlertRepository } from '../../src/alerts/alert-repository';
import type { Clock } from '../../src/time/clock';
import type { AdminDirectory } from '../admin-directory';

export interface BotLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the command handlers need from the service: narrow ports, easy to fake. */
export interface BotDeps {
  admin: AdminService;
  adminDirectory: AdminDirectory;
  /** Alert channel and installations. */
  alerts: AlertRepository;
  /** Open alerts for `status`; told to deliver at once when a channel is chosen. */
  alertEngine?: Pick<AlertEngine, 'openAlerts' | 'deliverNow'>;
  clock: Clock;
  log: BotLog;
  /** Users per page in `unmapped` and `conflicts`. */
  pageSize?: number;
}
