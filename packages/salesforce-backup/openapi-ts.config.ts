import { defineClientConfig } from '@jobwatch/codegen-config';

// Salesforce: ISO 8601 times and counts that fit in a JavaScript number.
export default defineClientConfig({ spec: 'salesforce-backup.yaml' });
