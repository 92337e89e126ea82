// The package ships no types: it returns Prometheus metric families as plain objects.
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
