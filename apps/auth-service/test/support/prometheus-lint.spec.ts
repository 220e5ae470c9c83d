import { lintMetrics } from './prometheus-lint';

const family = (name: string, type: string, samples: string[], help = 'Something counted.') =>
  [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join('\n');

describe('lintMetrics', () => {
  it('passes a clean exposition of every type', () => {
    const text = [
      family('app_logins_total', 'counter', ['app_logins_total{result="success"} 3']),
      family('app_queue_depth', 'gauge', ['app_queue_depth 0']),
      family('app_request_duration_seconds', 'histogram', [
        'app_request_duration_seconds_bucket{le="0.1",route="/v1/items/:id"} 1',
        'app_request_duration_seconds_bucket{le="+Inf",route="/v1/items/:id"} 1',
        'app_request_duration_seconds_sum{route="/v1/items/:id"} 0.05',
        'app_request_duration_seconds_count{route="/v1/items/:id"} 1',
      ]),
      family('app_latency_seconds', 'summary', [
        'app_latency_seconds{quantile="0.5"} 0.01',
        'app_latency_seconds_sum 1',
        'app_latency_seconds_count 2',
      ]),
    ].join('\n');
    expect(lintMetrics(text, { isRouteTemplate: (path) => path === '/v1/items/:id' })).toEqual([]);
  });

  it("finds prom-client's gauges named like counters, as promtool does", () => {
    const text = family('nodejs_active_handles_total', 'gauge', ['nodejs_active_handles_total 7']);
    expect(lintMetrics(text)).toEqual([
      'nodejs_active_handles_total: non-counter metrics should not have "_total" suffix',
    ]);
  });

  it.each([
    ['a counter without _total', family('app_logins', 'counter', ['app_logins 1']), 'should have "_total"'],
    ['no # HELP', '# TYPE app_up gauge\napp_up 1', 'no help text'],
    ['no # TYPE', '# HELP app_up Up.\napp_up 1', 'no type'],
    ['a non-base unit', family('app_wait_milliseconds', 'gauge', ['app_wait_milliseconds 1']), 'base unit'],
    ['an abbreviated unit', family('app_wait_ms', 'gauge', ['app_wait_ms 1']), 'abbreviated units'],
    [
      'the type in the name',
      family('app_depth_gauge', 'gauge', ['app_depth_gauge 1']),
      "include type 'gauge'",
    ],
    ['camelCase', family('app_queueDepth', 'gauge', ['app_queueDepth 1']), "'snake_case'"],
    ['a camelCase label', family('app_up', 'gauge', ['app_up{someLabel="x"} 1']), 'label names'],
    ['a colon', family('app:up', 'gauge', ['app:up 1']), "contain ':'"],
    ['_count on a gauge', family('app_items_count', 'gauge', ['app_items_count 1']), '"_count" suffix'],
    ['le on a gauge', family('app_up', 'gauge', ['app_up{le="1"} 1']), '"le" label'],
    ['two # TYPE lines', `${family('app_up', 'gauge', [])}\n# TYPE app_up gauge`, 'not unique'],
    ['an unknown type', family('app_up', 'meter', ['app_up 1']), 'unknown type'],
    ['a broken line', `${family('app_up', 'gauge', [])}\napp_up{x=1} 1`, 'unparsable'],
  ])('reports %s', (_label, text, message) => {
    expect(lintMetrics(text)).toEqual([expect.stringContaining(message)]);
  });

  it('reports samples of no declared family', () => {
    expect(lintMetrics('app_up 1')).toEqual(['app_up: no help text (# HELP)', 'app_up: no type (# TYPE)']);
  });

  it.each([
    ['a uuid', 'user="3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"', 'holds an id'],
    ['a long number', 'account="12345678"', 'holds an id'],
    ['a hex token', 'token="9f86d081884c7d659a2feaa0c55ad015"', 'holds an id'],
    ['an email', 'to="ada@example.com"', 'holds an email'],
    ['a raw path', 'route="/v1/probe/items/some-secret"', 'raw path'],
    ['a path with a query', 'route="/v1/items/:id?token=x"', 'raw path'],
  ])('reports a label value holding %s', (_label, labels, message) => {
    const text = family('app_requests_total', 'counter', [`app_requests_total{${labels}} 1`]);
    expect(lintMetrics(text, { isRouteTemplate: (path) => path === '/v1/items/:id' })).toEqual([
      expect.stringContaining(message),
    ]);
  });
});
