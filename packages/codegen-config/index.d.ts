import type { UserConfig } from '@hey-api/openapi-ts';
/** What differs per spec: its file under specs/, int64 as BigInt, and the folder under src/gen/ (default `client`). */
export interface ClientSpecOptions {
  spec: string;
  bigInt?: boolean;
  output?: string;
}
/** The shared client generator config for one spec, or for several revisions of one API. */
export declare function defineClientConfig(options: ClientSpecOptions): Promise<UserConfig>;
export declare function defineClientConfig(
  options: readonly ClientSpecOptions[],
): Promise<readonly UserConfig[]>;
