// Households per grid against the target, one bar per grid, with the tolerance band marked and
// grids in pieces flagged. Grids furthest from the target come first. Rows are memoised on their
// figures: after a move only the two grids involved render again.
import { memo } from 'react';
import type { BalanceState } from '../../../../server/plan/types.ts';
import type { GridFigures } from '../../planner/changeset.ts';
import { BALANCE_LABELS } from '../../state/i18n-planner.ts';
import { usePlannerText } from './planner-text.ts';

/** The bar's scale: up to twice the target. */
const SCALE_MAX = 2;

interface RowProps {
  gridKey: string;
  name: string;
  households: number;
  ratio: number;
  state: BalanceState;
  compactness: string;
  pieces: number;
  highlighted: boolean;
  bandLeft: number;
  bandWidth: number;
  onPick: (key: string) => void;
}

const GridBarRow = memo(function GridBarRow(props: RowProps) {
  const t = usePlannerText();
  return (
    <li className={props.highlighted ? 'is-highlighted' : undefined} data-grid={props.gridKey} data-state={props.state}>
      <button type="button" className="planner-bar-row" onClick={() => props.onPick(props.gridKey)}>
        <span className="planner-bar-name">{props.name}</span>
        <span className="planner-bar-figure">{t('households', { n: props.households })}</span>
        <span className="planner-bar-track">
          <span className="planner-bar-band" style={{ left: `${props.bandLeft}%`, width: `${props.bandWidth}%` }} />
          <span className={`planner-bar-fill state-${props.state}`} style={{ width: `${Math.min(100, (props.ratio / SCALE_MAX) * 100)}%` }} />
        </span>
        <span className={`planner-bar-state state-${props.state}`}>{t(BALANCE_LABELS[props.state])}</span>
        <span className="planner-bar-meta">
          {t('compactness', { v: props.compactness })}
          {props.pieces > 1 ? <strong className="planner-flag"> · {t('pieces', { n: props.pieces })}</strong> : null}
        </span>
      </button>
    </li>
  );
});

export function GridBars(props: { figures: readonly GridFigures[]; tolerance: number; highlight: ReadonlySet<string>; onPick: (key: string) => void }) {
  const sorted = [...props.figures].sort((a, b) => Number(b.pieces > 1) - Number(a.pieces > 1) || Math.abs(b.ratio - 1) - Math.abs(a.ratio - 1));
  const bandLeft = ((1 - props.tolerance) / SCALE_MAX) * 100;
  const bandWidth = ((2 * props.tolerance) / SCALE_MAX) * 100;
  return (
    <ol className="planner-bars" data-testid="planner-bars">
      {sorted.map((grid) => (
        <GridBarRow
          key={grid.key}
          gridKey={grid.key}
          name={grid.name}
          households={grid.households}
          ratio={grid.ratio}
          state={grid.state}
          compactness={grid.compactness.toFixed(2)}
          pieces={grid.pieces}
          highlighted={props.highlight.has(grid.key)}
          bandLeft={bandLeft}
          bandWidth={bandWidth}
          onPick={props.onPick}
        />
      ))}
    </ol>
  );
}
