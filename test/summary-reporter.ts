import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST_SHOWN = 12;

/** Ends the run with the slowest files, so the suite's time is spent knowingly, and one plain line of counts. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (module.state() === 'failed' && module.children.size === 0) counts.failed++;
    }
    const slowest = [...testModules].sort((a, b) => b.diagnostic().duration - a.diagnostic().duration).slice(0, SLOWEST_SHOWN);
    console.log('\nSlowest files:');
    for (const module of slowest) console.log(`  ${(module.diagnostic().duration / 1000).toFixed(1).padStart(6)} s  ${module.project.name}  ${module.moduleId.replace(`${process.cwd()}/`, '')}`);
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
