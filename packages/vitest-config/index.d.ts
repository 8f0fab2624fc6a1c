import type { UserConfig } from 'vitest/config';
export declare function defineProject(overrides?: UserConfig): UserConfig;
