/** What a command gets from the process: its environment and where its output and errors go (tests pass arrays). */
export interface CommandIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
}
