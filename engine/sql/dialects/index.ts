import type { Dialect, DialectName } from '../dialect';
import { bigquery } from './bigquery';
import { duckdb } from './duckdb';
import { postgres } from './postgres';
import { snowflake } from './snowflake';
import { spark } from './spark';

export const DIALECTS: Record<DialectName, Dialect> = { duckdb, bigquery, snowflake, postgres, spark };
