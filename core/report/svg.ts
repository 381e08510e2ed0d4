// Server-side SVG rendering of the chart options (ECharts' SSR path: `init(null, null, { renderer:
// 'svg', ssr: true })` + `renderToSVGString()`), which needs no DOM, so the same code runs in Node (CLI),
// a Web Worker and the page. Only the chart and component types the builders use are registered.

import { init, use } from 'echarts/core';
import { HeatmapChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import type { ChartSpec } from './charts';

use([
  LineChart,
  HeatmapChart,
  GridComponent,
  TitleComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkLineComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export interface SvgSize {
  width: number;
  height: number;
  /** ECharts' SVG is transparent by default; reports print on white (default '#ffffff'). */
  background?: string;
}

/** Renders one option to a standalone SVG document string; the chart instance is disposed. */
export function renderOptionSvg(option: EChartsOption, size: SvgSize): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: size.background ?? '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function renderChartSvg(spec: ChartSpec, width = 900): string {
  return renderOptionSvg(spec.option, { width, height: spec.height });
}
