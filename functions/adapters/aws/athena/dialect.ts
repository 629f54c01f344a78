/**
 * Where Athena (Trino) and DuckDB differ, in one place. The activity SQL is built once over these
 * helpers, so the DuckDB rendering can be run in tests over the same records and compared.
 * Differences: timestamp parsing/epoch arithmetic, array slicing and sorting, JSON construction,
 * `md5` on bytes vs text, the file path pseudo-column (`"$path"` vs `filename`).
 * @module
 */
import { CLOUDTRAIL_COLUMNS, Dialect } from '../../../engine/cloudtrail/index.js';

/** The dialect-specific SQL fragments. */
export interface SqlDialect {
  name: Dialect;
  /** True when text matches a regular expression. */
  matches(text: string, pattern: string): string;
  /** eventtime text to a timestamp (NULL when not a time). */
  parseTime(text: string): string;
  /** A timestamp literal from epoch ms. */
  timeLiteral(ms: number): string;
  /** Epoch milliseconds (BIGINT) of a timestamp. */
  epochMs(ts: string): string;
  /** Delivery time from the file path (`..._20261120T1005Z_x.json.gz`), NULL when absent. */
  deliveredAt(pathColumn: string): string;
  /** The file path column of the source. */
  pathColumn: string;
  /** Lowercase hex md5 of text. */
  md5(text: string): string;
  /** First `n` elements of an array. */
  slice(array: string, n: number): string;
  /** Sorted distinct non-null values, at most n, of a column in a group. */
  distinctSorted(column: string, n: number): string;
  /** Aggregate a column into an array in the given order. */
  orderedAgg(column: string, orderBy: string): string;
  /** Array to JSON text. */
  arrayJson(array: string): string;
  /** One raw record as JSON text with CloudTrail's field names (JSON columns embedded as values). */
  recordJson(): string;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const isoOf = (ms: number): string => new Date(ms).toISOString();

const athena: SqlDialect = {
  name: Dialect.Athena,
  matches: (text, pattern) => `regexp_like(${text}, ${lit(pattern)})`,
  parseTime: (text) => `try(from_iso8601_timestamp(replace(${text}, ' ', 'T')))`,
  timeLiteral: (ms) => `from_iso8601_timestamp(${lit(isoOf(ms))})`,
  epochMs: (ts) => `CAST(round(to_unixtime(${ts}) * 1000) AS BIGINT)`,
  deliveredAt: (path) =>
    `try(with_timezone(date_parse(regexp_extract(${path}, '_([0-9]{8}T[0-9]{4})Z_[^/]*$', 1), '%Y%m%dT%H%i'), 'UTC'))`,
  pathColumn: '"$path"',
  md5: (text) => `lower(to_hex(md5(to_utf8(${text}))))`,
  slice: (array, n) => `slice(${array}, 1, ${n})`,
  distinctSorted: (column, n) =>
    `slice(array_sort(array_agg(DISTINCT ${column}) FILTER (WHERE ${column} IS NOT NULL)), 1, ${n})`,
  orderedAgg: (column, orderBy) => `array_agg(${column} ORDER BY ${orderBy})`,
  arrayJson: (array) => `json_format(CAST(${array} AS JSON))`,
  // CAST(MAP(varchar, json) AS JSON) is an object; the struct column casts to an object with the
  // lower-cased Hive field names (mapped back to camelCase in JavaScript); string columns that hold
  // JSON text (requestparameters, ...) are parsed so they travel as JSON values.
  recordJson: () => {
    const keys = CLOUDTRAIL_COLUMNS.map((c) => lit(c.name)).join(', ');
    const values = CLOUDTRAIL_COLUMNS.map((c) => {
      const col = c.name.toLowerCase();
      if (c.fields !== undefined) return `CAST(${col} AS JSON)`;
      if (c.duckdb === 'JSON') return `try(json_parse(${col}))`;
      return `CAST(${col} AS JSON)`;
    }).join(', ');
    return `json_format(CAST(MAP(ARRAY[${keys}], ARRAY[${values}]) AS JSON))`;
  },
};

const duckdb: SqlDialect = {
  name: Dialect.DuckDB,
  matches: (text, pattern) => `regexp_matches(${text}, ${lit(pattern)})`,
  parseTime: (text) => `TRY_CAST(${text} AS TIMESTAMPTZ)`,
  timeLiteral: (ms) => `${lit(isoOf(ms))}::TIMESTAMPTZ`,
  epochMs: (ts) => `epoch_ms(${ts})`,
  deliveredAt: (path) =>
    `TRY_CAST(strptime(nullif(regexp_extract(${path}, '_([0-9]{8}T[0-9]{4})Z_[^/]*$', 1), ''), '%Y%m%dT%H%M') || '+00' AS TIMESTAMPTZ)`,
  pathColumn: 'filename',
  md5: (text) => `md5(${text})`,
  slice: (array, n) => `(${array})[1:${n}]`,
  distinctSorted: (column, n) =>
    `(list(DISTINCT ${column} ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL))[1:${n}]`,
  orderedAgg: (column, orderBy) => `list(${column} ORDER BY ${orderBy})`,
  arrayJson: (array) => `to_json(${array})::VARCHAR`,
  recordJson: () => `json_object(${CLOUDTRAIL_COLUMNS.map((c) => `${lit(c.name)}, "${c.name}"`).join(', ')})::VARCHAR`,
};

/** The fragments of one dialect. */
export function sqlDialect(name: Dialect): SqlDialect {
  return name === Dialect.Athena ? athena : duckdb;
}
