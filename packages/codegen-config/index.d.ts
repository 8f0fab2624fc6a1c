import type { UserConfig } from '@hey-api/openapi-ts';
/** The shared client generator config; `bigInt` types int64 values as BigInt. */
export declare function defineClientConfig(options: { spec: string; bigInt?: boolean }): UserConfig;
