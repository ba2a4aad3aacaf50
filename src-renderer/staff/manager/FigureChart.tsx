import { BarChart, FunnelChart, HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import type { FigureTable } from '../../../src-shared/reports/figures';

// Only the parts the dashboard draws; this module is loaded on its own, after the manager opens reports.
echarts.use([BarChart, LineChart, HeatmapChart, FunnelChart, SankeyChart, GridComponent, TooltipComponent, VisualMapComponent, AriaComponent, SVGRenderer]);

type Option = echarts.EChartsCoreOption;

const palette = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be123c'];

function firstCount(figure: FigureTable): number {
  return Math.max(0, figure.columns.findIndex((c) => c.kind === 'count'));
}

/** The ECharts option for a figure; the figure's table is the same data, in words. */
export function optionFor(figure: FigureTable): Option | null {
  const aria = { enabled: true, label: { description: `${figure.title}. ${figure.summary}` } };
  const base = { aria, animation: false, color: palette, tooltip: { trigger: figure.chart === 'heatmap' ? 'item' : 'axis' } };
  const j = firstCount(figure);
  switch (figure.chart) {
    case 'line':
      return {
        ...base,
        grid: { left: 48, right: 16, top: 16, bottom: 48 },
        xAxis: { type: 'category', data: figure.rows.map((r) => r.label) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'line', name: figure.columns[j]!.label, data: figure.rows.map((r) => r.cells[j] ?? 0) }],
      };
    case 'bar':
      return {
        ...base,
        grid: { left: 200, right: 24, top: 8, bottom: 32 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: figure.rows.map((r) => r.label), axisLabel: { width: 190, overflow: 'truncate' } },
        series: [{ type: 'bar', name: figure.columns[j]!.label, data: figure.rows.map((r) => r.cells[j] ?? 0) }],
      };
    case 'heatmap': {
      const data = figure.rows.flatMap((r, y) => r.cells.map((v, x) => [x, y, v ?? 0]));
      return {
        ...base,
        grid: { left: 90, right: 16, top: 8, bottom: 64 },
        xAxis: { type: 'category', data: figure.columns.map((c) => c.label.slice(0, 2)) },
        yAxis: { type: 'category', data: figure.rows.map((r) => r.label), inverse: true },
        visualMap: { min: 0, max: Math.max(1, ...data.map((d) => d[2]!)), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#eff6ff', '#1e3a8a'] } },
        series: [{ type: 'heatmap', data }],
      };
    }
    case 'funnel':
      return {
        ...base,
        tooltip: { trigger: 'item' },
        series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', data: figure.rows.map((r) => ({ name: r.label, value: r.cells[j] ?? 0 })), label: { formatter: '{b}: {c}' } }],
      };
    case 'sankey': {
      if (figure.rows.length === 0) return null;
      // "from" and "to" nodes apart, so a flow back and forth is not a cycle.
      const links = figure.rows.map((r) => {
        const [from, to] = r.label.split(' → ');
        return { source: `${from} (from)`, target: `${to} (to)`, value: r.cells[j] ?? 0 };
      });
      const names = [...new Set(links.flatMap((l) => [l.source, l.target]))];
      return { ...base, tooltip: { trigger: 'item' }, series: [{ type: 'sankey', data: names.map((name) => ({ name })), links, emphasis: { focus: 'adjacency' } }] };
    }
    case 'table':
      return null;
  }
}

/** One figure's chart. The container is an image to assistive technology: its label is the summary, its data the table below. */
export default function FigureChart({ figure }: { figure: FigureTable }) {
  const element = useRef<HTMLDivElement | null>(null);
  const option = useMemo(() => optionFor(figure), [figure]);
  useEffect(() => {
    if (!element.current || !option) return;
    const chart = echarts.init(element.current, null, { renderer: 'svg' });
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  if (!option) return null;
  const height = figure.chart === 'bar' ? Math.max(160, figure.rows.length * 28 + 48) : figure.chart === 'heatmap' ? 300 : 260;
  return <div ref={element} role="img" aria-label={`${figure.title}. ${figure.summary}`} className="staff-chart" data-chart={figure.id} style={{ height }} />;
}
