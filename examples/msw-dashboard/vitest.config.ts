import { defineProject } from '@jobwatch/vitest-config';

export default defineProject();
