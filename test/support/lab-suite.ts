/**
 * A suite that needs something from outside npm (Kamailio and SIPp, Chromium, a PostgreSQL server): it runs
 * when that is there. When it is not, it is skipped loudly on a developer's machine, but fails under
 * `PB_REQUIRE_LABS=1` (.ci/run sets it), so that CI cannot pass with the suite quietly left out.
 */
export function describeWithLab(name: string, missing: string | undefined, fix: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.PB_REQUIRE_LABS === '1') {
    describe(name, () => {
      test(`needs ${missing}`, () => {
        throw new Error(`${missing}, and PB_REQUIRE_LABS=1 says this suite must run. Fix: ${fix}`);
      });
    });
    return;
  }
  console.warn(`\n\n*** SKIPPED "${name}": ${missing}. Fix: ${fix}\n*** (CI sets PB_REQUIRE_LABS=1: there this suite must run.)\n`);
  describe.skip(name, body);
}
