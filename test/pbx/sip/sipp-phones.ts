/**
 * Jest helper: SIPp playing the phones of test/pbx/kamailio/sipp against the lab Kamailio.
 * Every run resolves with SIPp's exit code (0: the scenario went as written) and its error log.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freeUdpPort } from '../../support/free-ports';
import { sippBinary } from './kamailio-lab';

const scenarios = path.resolve(__dirname, '../kamailio/sipp');

export interface SippRun {
  code: number | null;
  errors: string;
}

export interface PhoneRun {
  /** Resolves when SIPp exits. */
  done: Promise<SippRun>;
  stop(): void;
}

function runSipp(args: string[], errorFile: string): PhoneRun {
  const child = spawn(
    sippBinary()!,
    [...args, '-nostdin', '-i', '127.0.0.1', '-timeout', '20s', '-timeout_error', '-trace_err', '-error_file', errorFile],
    {
      stdio: 'ignore',
    },
  );
  const done = new Promise<SippRun>((resolve) => {
    child.once('exit', (code) => {
      let errors: string;
      try {
        errors = readFileSync(errorFile, 'utf8');
        rmSync(errorFile, { force: true });
      } catch {
        errors = ''; // no error file: SIPp had nothing to report
      }
      resolve({ code, errors });
    });
  });
  return { done, stop: () => child.kill('SIGTERM') };
}

export interface PhoneOptions {
  pbxPort: number;
  workDir: string;
}

/** REGISTERs `extension` at the PBX with 127.0.0.1:<phonePort> as its contact. */
export async function registerPhone(o: PhoneOptions & { extension: string; phonePort: number }): Promise<SippRun> {
  return runSipp(
    [`127.0.0.1:${o.pbxPort}`, '-sf', path.join(scenarios, 'register.xml'), '-s', o.extension, '-p', String(o.phonePort), '-m', '1'],
    path.join(o.workDir, `register-${o.extension}.err`),
  ).done;
}

/** The phone on `phonePort` answers one call after ringing for `ringMs`. */
export function answerOneCall(o: PhoneOptions & { phonePort: number; ringMs: number }): PhoneRun {
  return runSipp(
    ['-sf', path.join(scenarios, 'uas.xml'), '-p', String(o.phonePort), '-m', '1', '-d', String(o.ringMs)],
    path.join(o.workDir, `uas-${o.phonePort}.err`),
  );
}

/** `caller` calls `callee`: `answered` talks for `talkMs` and hangs up, `busy` expects 486. */
export function call(
  o: PhoneOptions & { caller: string; callee: string; expect: 'answered' | 'busy'; talkMs?: number; phonePort: number },
): Promise<SippRun> {
  const scenario = o.expect === 'busy' ? 'uac-expect-busy.xml' : 'uac.xml';
  return runSipp(
    [
      `127.0.0.1:${o.pbxPort}`,
      '-sf',
      path.join(scenarios, scenario),
      '-s',
      o.callee,
      '-key',
      'caller',
      o.caller,
      '-p',
      String(o.phonePort),
      '-m',
      '1',
      '-d',
      String(o.talkMs ?? 500),
    ],
    path.join(o.workDir, `uac-${o.caller}-${o.callee}.err`),
  ).done;
}

/** The lab's phones: a callee phone registered as `callee` on a port of its own, and a port for the caller. */
export interface LabPhones {
  phones: PhoneOptions;
  calleePort: number;
  callerPort: number;
}

export async function registerLabPhones(lab: { sipPort: number; dir: string }, callee: string): Promise<LabPhones> {
  const calleePort = await freeUdpPort();
  const callerPort = await freeUdpPort();
  const phones = { pbxPort: lab.sipPort, workDir: lab.dir };
  const registered = await registerPhone({ ...phones, extension: callee, phonePort: calleePort });
  if (registered.code !== 0) throw new Error(`SIPp could not register ${callee}: ${registered.errors}`);
  return { phones, calleePort, callerPort };
}
