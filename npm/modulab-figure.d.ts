// Declarations of <modulab-figure> (modulab-figure.js). Importing the module
// defines the element; the engine's own API is typed in pkg/modulab.d.ts
// (import it as "modulab/engine").
import type { Experiment } from './pkg/modulab.js';

/** The element's attributes, all optional strings in HTML. */
export interface ModulabFigureAttributes {
  /** URL of a scenario file, or of a results file (its stored runs are shown as they are, in the view the page exported it with unless metric, window or band is set). */
  scenario?: string;
  /** A ModuLab page link's state (`#v1.…`), instead of `scenario`. */
  state?: string;
  /** The metric charted, e.g. "correct", "reward", "dopamine". */
  metric?: string;
  /** Smoothing window in trials (a whole number within the engine's limits). */
  window?: string;
  /** The band around the mean: ± 1 SEM or the 95 % confidence interval. */
  band?: 'sem' | 'ci95';
  /** How fast the run is shown. */
  speed?: 'slow' | 'medium' | 'fast';
  /** "false": wait for the Run button instead of running at once. */
  autorun?: 'true' | 'false';
  /** "false": run on the page instead of in a Web Worker. */
  worker?: 'true' | 'false';
  /** The figure's accessible name. */
  label?: string;
  /** "circuit": the circuit diagram with the levels the run recorded at its last trial, instead of a chart. */
  view?: 'chart' | 'circuit';
  /** With view="circuit": the condition shown, from 0. */
  condition?: string;
  /** The engine version the figure was made with (the Embed dialog writes it). */
  'engine-version'?: string;
  /** The model fingerprint the figure was made with; a different one is said under the chart. */
  fingerprint?: string;
}

export declare class ModulabFigure extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The experiment shown: a run, or the stored runs of a results file; null before loading. */
  readonly experiment: Experiment | null;
  /** `data-state`: "running" while it runs, "done" once the final chart is drawn. */
  readonly dataset: DOMStringMap & { state?: 'running' | 'paused' | 'done' };
  /** Reads the scenario (attribute `state` or `scenario`) and runs it. */
  load(): Promise<void>;
  /** Runs the scenario again (what the "Run again" button does). */
  run(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'modulab-figure': ModulabFigure;
  }
  interface HTMLElementEventMap {
    /** Fired (bubbling) once a run has finished and its final chart is on the canvas. */
    'modulab-done': CustomEvent<null>;
  }
}
