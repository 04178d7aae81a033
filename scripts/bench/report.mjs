// Collects the JSON figures the benchmarks wrote into one table (metric, value, target), prints
// it and writes it to a Markdown file.
//
//   node scripts/bench/report.mjs <dir with *.json> <report.md>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [dir, output] = process.argv.slice(2);
if (!dir || !output) {
  console.error('usage: report.mjs <dir> <report.md>');
  process.exit(2);
}
const order = ['lists', 'kb', 'chat', 'load', 'pages', 'import', 'browser', 'web'];
const runs = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')))
  .sort((a, b) => order.indexOf(a.mode) - order.indexOf(b.mode) || a.database.localeCompare(b.database));

const format = (value) => (Number.isInteger(value) ? value.toLocaleString('en-US').replaceAll(',', ' ') : value.toFixed(value < 10 ? 2 : 1));
/** Whether a value meets a target written as «≤ N», «≥ N» or «N»; blank without a target. */
function verdict(value, target) {
  if (!target) return '';
  const match = /^(≤|≥)?\s*([\d.]+)$/.exec(target.trim());
  if (!match) return '';
  const limit = Number(match[2]);
  const met = match[1] === '≤' ? value <= limit : match[1] === '≥' ? value >= limit : value === limit;
  return met ? 'met' : '**missed**';
}

const lines = ['| benchmark | metric | value | target | |', '|---|---|---|---|---|'];
for (const run of runs) {
  for (const metric of run.metrics) {
    const value = `${format(metric.value)}${metric.unit ? ` ${metric.unit}` : ''}`;
    lines.push(`| ${run.mode} (${run.database}) | ${metric.name} | ${value} | ${metric.target ?? '—'} | ${verdict(metric.value, metric.target)} |`);
  }
}
const table = `${lines.join('\n')}\n`;
const header = `# Benchmark report\n\n${new Date().toISOString()} on ${process.env.HOSTNAME ?? 'this machine'}; see README «Benchmarks».\n\n`;
writeFileSync(output, header + table);
console.log(table);
console.log(`written to ${output}`);
