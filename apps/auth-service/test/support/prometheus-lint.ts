/**
 * The rules of `promtool check metrics` (Prometheus' own linter) over a text exposition, plus
 * the privacy rules of this service: no label value holds an id, an email or a raw path.
 * Each problem reads `<metric>: <what is wrong>`, so a failing test names what to fix.
 */

type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

interface Sample {
  name: string;
  labels: Array<[string, string]>;
}

interface Family {
  name: string;
  help?: string;
  type?: MetricType;
  samples: Sample[];
}

export interface LintOptions {
  /** Whether a label value that looks like a path is one of the app's route templates. */
  isRouteTemplate?: (path: string) => boolean;
}

const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const BASE_UNITS: Record<string, string> = {
  ...Object.fromEntries(
    ['amperes', 'bytes', 'celsius', 'grams', 'joules', 'kelvin', 'meters', 'metres', 'seconds', 'volts'].map(
      (unit) => [unit, unit],
    ),
  ),
  ...{ minutes: 'seconds', hours: 'seconds', days: 'seconds', weeks: 'seconds', bits: 'bytes' },
  ...{ kelvins: 'kelvin', fahrenheit: 'celsius', rankine: 'celsius', calories: 'joules' },
  ...{ inches: 'meters', yards: 'meters', miles: 'meters', pounds: 'grams', ounces: 'grams' },
};
const UNIT_PREFIXES =
  'pico nano micro milli centi deci deca hecto kilo kibi mega mibi giga gibi tera tebi peta pebi'.split(' ');
const UNIT_ABBREVIATIONS = 's ms us ns sec b kb mb gb tb pb m h d'.split(' ');
const TYPE_NAMES = ['counter', 'gauge', 'histogram', 'summary', 'gauge_histogram'];
const CAMEL_CASE = /[a-z][A-Z]/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/y;

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{16,}\b|\d{6,}/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** Every problem of the exposition; an empty list means it is lint-clean. */
export function lintMetrics(text: string, options: LintOptions = {}): string[] {
  const { families, problems } = parse(text);
  for (const family of families.values()) {
    const report = (message: string) => problems.push(`${family.name}: ${message}`);
    if (!family.help) report('no help text (# HELP)');
    if (!family.type) report('no type (# TYPE)');
    lintName(family, report);
    lintLabels(family, options, report);
  }
  return problems;
}

function parse(text: string): { families: Map<string, Family>; problems: string[] } {
  const families = new Map<string, Family>();
  const problems: string[] = [];
  const family = (name: string) => {
    const found = families.get(name) ?? { name, samples: [] };
    families.set(name, found);
    return found;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta) {
      const [, kind, name, rest = ''] = meta as unknown as [string, string, string, string?];
      const target = family(name);
      if (kind === 'HELP') {
        if (target.help !== undefined) problems.push(`${name}: metric not unique (second # HELP)`);
        target.help = rest.trim();
      } else {
        if (target.type !== undefined) problems.push(`${name}: metric not unique (second # TYPE)`);
        if (!TYPES.includes(rest)) problems.push(`${name}: unknown type ${JSON.stringify(rest)}`);
        target.type = rest as MetricType;
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) {
      problems.push(`unparsable line: ${JSON.stringify(line)}`);
      continue;
    }
    const [, name, labelText = ''] = sample as unknown as [string, string, string?];
    const labels = parseLabels(labelText);
    if (!labels) {
      problems.push(`${name}: unparsable labels ${JSON.stringify(labelText)}`);
      continue;
    }
    family(familyOf(name, families)).samples.push({ name, labels });
  }
  return { families, problems };
}

/** `x_bucket`, `x_sum` and `x_count` belong to the histogram or summary `x` declared before them. */
function familyOf(sampleName: string, families: Map<string, Family>): string {
  const match = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  if (!match || families.get(sampleName)?.type) return sampleName;
  const parent = families.get(match[1]!);
  const fits = parent?.type === 'histogram' || (parent?.type === 'summary' && match[2] !== 'bucket');
  return fits ? match[1]! : sampleName;
}

function parseLabels(text: string): Array<[string, string]> | undefined {
  const labels: Array<[string, string]> = [];
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) return undefined;
    labels.push([match[1]!, match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))]);
  }
  return labels;
}

function lintName({ name, type }: Family, report: (message: string) => void): void {
  const total = name.endsWith('_total');
  if (type === 'counter' && !total) report('counter metrics should have "_total" suffix');
  if (type && type !== 'counter' && type !== 'untyped' && total)
    report('non-counter metrics should not have "_total" suffix');
  if (type && type !== 'untyped') {
    if (type !== 'histogram' && name.endsWith('_bucket'))
      report('non-histogram metrics should not have "_bucket" suffix');
    for (const suffix of ['_count', '_sum'])
      if (type !== 'histogram' && type !== 'summary' && name.endsWith(suffix))
        report(`non-histogram and non-summary metrics should not have "${suffix}" suffix`);
  }
  const lower = name.toLowerCase();
  const hasPart = (part: string) => lower.includes(`_${part}_`) || lower.endsWith(`_${part}`);
  for (const typeName of TYPE_NAMES)
    if (hasPart(typeName)) report(`metric name should not include type '${typeName}'`);
  for (const abbreviation of UNIT_ABBREVIATIONS)
    if (hasPart(abbreviation)) report('metric names should not contain abbreviated units');
  if (name.includes(':')) report("metric names should not contain ':'");
  if (CAMEL_CASE.test(name)) report("metric names should be written in 'snake_case' not 'camelCase'");
  const unit = unitOf(name);
  if (unit && unit.unit !== unit.base) report(`use base unit "${unit.base}" instead of "${unit.unit}"`);
}

function unitOf(name: string): { unit: string; base: string } | undefined {
  for (const part of name.split('_')) {
    if (BASE_UNITS[part]) return { unit: part, base: BASE_UNITS[part] };
    for (const prefix of UNIT_PREFIXES) {
      const base = part.startsWith(prefix) ? BASE_UNITS[part.slice(prefix.length)] : undefined;
      if (base) return { unit: part, base };
    }
  }
  return undefined;
}

function lintLabels(family: Family, options: LintOptions, report: (message: string) => void): void {
  const seen = new Set<string>();
  const once = (message: string) => {
    if (!seen.has(message)) report(message);
    seen.add(message);
  };
  for (const { labels } of family.samples) {
    for (const [label, value] of labels) {
      if (CAMEL_CASE.test(label)) once("label names should be written in 'snake_case' not 'camelCase'");
      if (label === 'le' && family.type !== 'histogram')
        once('non-histogram metrics should not have "le" label');
      if (label === 'quantile' && family.type !== 'summary')
        once('non-summary metrics should not have "quantile" label');
      if (label === 'le' || label === 'quantile') continue;
      const shown = `label ${label}=${JSON.stringify(value.slice(0, 80))}`;
      if (EMAIL.test(value)) once(`${shown} holds an email address`);
      else if (ID.test(value)) once(`${shown} holds an id`);
      else if (value.startsWith('/') && !(options.isRouteTemplate?.(value) ?? false))
        once(`${shown} holds a raw path, not a route template`);
    }
  }
}
