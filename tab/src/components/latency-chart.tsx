/**
 * Sync latency over the last hour as an inline SVG line chart: p50 and p95 per direction. No chart library:
 * four polylines and a few labels keep the bundle small and follow the theme's colours (high contrast too).
 */
import { tokens } from '@fluentui/react-components';
import type { LatencyPoint, LatencySummary } from '../api/types';
import { niceCeiling } from '../format/chart-scale';
import { durationText } from '../format/format';

const W = 640;
const H = 200;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };
const HOUR = 3_600_000;

type Pick = (p: LatencyPoint) => LatencySummary | undefined;
const SERIES: Array<{ label: string; pick: Pick; stat: 'p50Ms' | 'p95Ms'; color: string; dash?: string }> = [
  { label: 'Teams -> PBX p50', pick: (p) => p.teamsToPbx, stat: 'p50Ms', color: tokens.colorPaletteBlueForeground2 },
  { label: 'Teams -> PBX p95', pick: (p) => p.teamsToPbx, stat: 'p95Ms', color: tokens.colorPaletteBlueForeground2, dash: '6 4' },
  { label: 'PBX -> Teams p50', pick: (p) => p.pbxToTeams, stat: 'p50Ms', color: tokens.colorPaletteDarkOrangeForeground2 },
  { label: 'PBX -> Teams p95', pick: (p) => p.pbxToTeams, stat: 'p95Ms', color: tokens.colorPaletteDarkOrangeForeground2, dash: '6 4' },
];

export function LatencyChart({ history, now }: { history: LatencyPoint[]; now: number }) {
  const from = now - HOUR;
  const points = history.filter((p) => p.at >= from && p.at <= now);
  const max = niceCeiling(Math.max(0, ...points.flatMap((p) => [p.teamsToPbx?.p95Ms ?? 0, p.pbxToTeams?.p95Ms ?? 0])));
  const x = (at: number) => PAD.left + ((at - from) / HOUR) * (W - PAD.left - PAD.right);
  const y = (ms: number) => H - PAD.bottom - (ms / max) * (H - PAD.top - PAD.bottom);
  const axis = { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 };
  const label = { fill: tokens.colorNeutralForeground2, fontSize: 11 };

  return (
    <figure style={{ margin: 0 }} data-testid="latency-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label="Sync latency over the last hour, p50 and p95 per direction"
        style={{ maxWidth: 900 }}
      >
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} style={axis} />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} style={axis} />
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={PAD.left} y1={y(v)} x2={W - PAD.right} y2={y(v)} style={{ stroke: tokens.colorNeutralStroke3, strokeWidth: 1 }} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" style={label}>
              {durationText(v)}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={H - 8} style={label}>
          60 min ago
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" style={label}>
          now
        </text>
        {SERIES.map((s) => {
          const coords = points.flatMap((p) => {
            const v = s.pick(p)?.[s.stat];
            return v === undefined ? [] : [`${x(p.at).toFixed(1)},${y(v).toFixed(1)}`];
          });
          if (coords.length === 0) return null;
          return (
            <g key={s.label} data-series={s.label}>
              <polyline points={coords.join(' ')} fill="none" style={{ stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash }} />
              {/* A dot per minute: a single minute of data is a point, not a line. */}
              {coords.map((c) => {
                const [cx, cy] = c.split(',');
                return <circle key={c} cx={cx} cy={cy} r={s.dash ? 2 : 3} style={{ fill: s.color }} />;
              })}
            </g>
          );
        })}
        {points.length === 0 && (
          <text x={W / 2} y={H / 2} textAnchor="middle" style={label}>
            No synced changes in the last hour yet
          </text>
        )}
      </svg>
      <figcaption style={{ display: 'flex', flexWrap: 'wrap', gap: 16, fontSize: 12 }}>
        {SERIES.map((s) => (
          <span key={s.label} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <svg width="24" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="24" y2="4" style={{ stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash }} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
