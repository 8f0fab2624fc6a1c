import { defineProject } from '@jobwatch/vitest-config';

export default defineProject({ test: { globalSetup: ['./test/global-setup.ts'] } });
