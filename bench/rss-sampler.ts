/** Peak resident memory of this process, sampled (the simulators run elsewhere, so this is the service's). */
export interface RssSampler {
  peakMb(): number;
  stop(): number;
}

export function sampleRss(everyMs = 100): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  const mb = () => Math.round((peak / 1024 / 1024) * 10) / 10;
  return {
    peakMb: mb,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return mb();
    },
  };
}
