import type { FrameworkView } from '../frameworks/view.js';

export interface RenderOptions {
  /** ANSI colours in the table (a terminal). @default false */
  color?: boolean;
  /**
   * Framework views of the run: in the json and html reports, and in the
   * table instead of the per-check rows when `tableView` is 'frameworks'.
   */
  frameworks?: readonly FrameworkView[];
  /** @default 'checks' */
  tableView?: 'checks' | 'frameworks';
}
