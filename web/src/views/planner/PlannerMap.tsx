// The planner's map: draws the model (blocks by grid colour, grid and village borders, the
// selection, blocks changed against the saved plan, a diff overlay) and turns pointer input
// into editor events. Holds no editing state of its own.
import { useEffect, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import type * as maplibregl from 'maplibre-gl';
import { blockFeatures, gridBorderFeature, gridBorderFeatures, planBounds, villageBorderFeatures } from '../../planner/features.ts';
import type { PlannerModel } from '../../planner/model.ts';
import { capturesPointer, type EditorEvent, type EditorMode, type PointerAt } from '../../planner/modes.ts';
import type { Theme } from '../../state/url-state.ts';
import { createPlannerMap, type BlockStyle, type PlannerMap as MapHandle } from './planner-map.ts';
import { publishPlanner } from './planner-hook.ts';

export interface PlannerMapProps {
  model: PlannerModel;
  revision: number;
  theme: Theme;
  selection: ReadonlySet<string>;
  movedBlocks: ReadonlySet<string>;
  mode: EditorMode;
  diff: FeatureCollection | null;
  onEvent: (event: EditorEvent) => void;
  onHover: (lngLat: [number, number] | null) => void;
}

function pointerAt(event: { point: { x: number; y: number }; lngLat: { lng: number; lat: number } }): PointerAt {
  return { screen: [event.point.x, event.point.y], lngLat: [event.lngLat.lng, event.lngLat.lat] };
}

function blockStyles(model: PlannerModel, selection: ReadonlySet<string>, moved: ReadonlySet<string>): BlockStyle[] {
  return model.blocks.map((block, index) => ({
    colour: model.colours[model.topology.blockGrid[index]] ?? 0,
    selected: selection.has(block.id),
    moved: moved.has(block.id),
  }));
}

export function PlannerMap(props: PlannerMapProps) {
  const container = useRef<HTMLDivElement>(null);
  // The map of the model it was created for: a new model (after a save or reload) gets a new map.
  const [created, setCreated] = useState<{ handle: MapHandle; model: PlannerModel } | null>(null);
  const handle = created && created.model === props.model ? created.handle : null;
  const latest = useRef(props);
  latest.current = props;
  const [, setCameraTick] = useState(0);

  useEffect(() => {
    if (!container.current) return;
    const model = props.model;
    const mapHandle = createPlannerMap(container.current, props.theme, planBounds(model));
    // A new map has none of the model's drawing yet.
    model.blocksChanged = true;
    setCreated({ handle: mapHandle, model });
    const map = mapHandle.map;
    const send = (event: EditorEvent) => latest.current.onEvent(event);
    const onDown = (event: maplibregl.MapMouseEvent) => {
      const mode = latest.current.mode;
      // Shift-drag draws a box: the map must not pan from this press on.
      if (mode.kind === 'idle' && mode.tool === 'select' && event.originalEvent.shiftKey) map.dragPan.disable();
      send({ type: 'pointer-down', at: pointerAt(event), shift: event.originalEvent.shiftKey });
    };
    let lastAt: PointerAt | null = null;
    const onMove = (event: maplibregl.MapMouseEvent) => {
      lastAt = pointerAt(event);
      send({ type: 'pointer-move', at: lastAt });
      latest.current.onHover([event.lngLat.lng, event.lngLat.lat]);
    };
    const onUp = (event: maplibregl.MapMouseEvent) => {
      send({ type: 'pointer-up', at: pointerAt(event) });
      if (!capturesPointer(latest.current.mode)) map.dragPan.enable();
    };
    const onClick = (event: maplibregl.MapMouseEvent) => send({ type: 'click', at: pointerAt(event), shift: event.originalEvent.shiftKey });
    const onDouble = (event: maplibregl.MapMouseEvent) => send({ type: 'double-click', at: pointerAt(event) });
    const onLeave = () => latest.current.onHover(null);
    const onCamera = () => setCameraTick((tick) => tick + 1);
    map.on('mousedown', onDown);
    map.on('mousemove', onMove);
    map.on('mouseup', onUp);
    map.on('click', onClick);
    map.on('dblclick', onDouble);
    map.on('mouseout', onLeave);
    map.on('move', onCamera);
    // A box or lasso released outside the map still ends, where the pointer last was over it.
    const onWindowUp = () => {
      const kind = latest.current.mode.kind;
      if ((kind === 'box' || kind === 'lasso') && lastAt) send({ type: 'pointer-up', at: lastAt });
      if (!capturesPointer(latest.current.mode)) map.dragPan.enable();
    };
    window.addEventListener('mouseup', onWindowUp);
    const onIdle = () => publishPlanner({ ready: true });
    map.on('idle', onIdle);
    publishPlanner({
      ready: false,
      project: (lon, lat) => {
        const point = map.project([lon, lat]);
        return [point.x, point.y];
      },
    });
    return () => {
      window.removeEventListener('mouseup', onWindowUp);
      publishPlanner({ ready: false });
      mapHandle.destroy();
      setCreated(null);
    };
    // The map is created once per model; theme and data follow through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.model]);

  useEffect(() => {
    if (!handle) return;
    const { model, selection, movedBlocks } = latest.current;
    publishPlanner({ ready: false });
    if (model.blocksChanged) {
      handle.setBlocks(blockFeatures(model), blockStyles(model, selection, movedBlocks));
      handle.setGridBorders(gridBorderFeatures(model));
      handle.setVillageBorders(villageBorderFeatures(model));
      model.blocksChanged = false;
      model.dirtySlots.clear();
    } else {
      const changes = new Map([...model.dirtySlots].map((slot) => [slot, gridBorderFeature(model, slot)] as const));
      model.dirtySlots.clear();
      handle.updateGridBorders(changes);
      handle.setBlockStyles(blockStyles(model, selection, movedBlocks));
    }
    handle.map.triggerRepaint();
  }, [handle, props.revision, props.selection, props.movedBlocks]);

  useEffect(() => {
    handle?.setDiff(props.diff ?? { type: 'FeatureCollection', features: [] });
  }, [handle, props.diff]);

  useEffect(() => {
    handle?.setPanEnabled(!capturesPointer(props.mode));
  }, [handle, props.mode]);

  const map = handle?.map ?? null;
  return (
    <div className="planner-map" data-testid="planner-map">
      <div ref={container} className="planner-map-canvas" />
      {map ? <Overlay map={map} mode={props.mode} /> : null}
    </div>
  );
}

/** Box, lasso and the cutting line being drawn, on top of the map in screen pixels. */
function Overlay({ map, mode }: { map: maplibregl.Map; mode: EditorMode }) {
  const project = (lngLat: [number, number]) => {
    const point = map.project(lngLat);
    return `${point.x},${point.y}`;
  };
  let content = null;
  if (mode.kind === 'box') {
    const [x1, y1] = mode.start.screen, [x2, y2] = mode.current.screen;
    content = <rect className="planner-box" x={Math.min(x1, x2)} y={Math.min(y1, y2)} width={Math.abs(x2 - x1)} height={Math.abs(y2 - y1)} />;
  } else if (mode.kind === 'lasso') {
    content = <polygon className="planner-lasso" points={mode.points.map((point) => point.screen.join(',')).join(' ')} />;
  } else if (mode.kind === 'draw-split' && mode.points.length > 0) {
    const points = mode.points.map((point) => project(point.lngLat));
    const hover = mode.hover ? project(mode.hover.lngLat) : null;
    content = (
      <>
        <polyline className="planner-cut" points={points.join(' ')} />
        {hover ? <polyline className="planner-cut planner-cut-pending" points={`${points[points.length - 1]} ${hover}`} /> : null}
        {points.map((point, index) => {
          const [x, y] = point.split(',').map(Number);
          return <circle key={index} className="planner-cut-point" cx={x} cy={y} r={4} />;
        })}
      </>
    );
  }
  return <svg className="planner-overlay">{content}</svg>;
}
