import { defineClientConfig } from '@jobwatch/codegen-config';

// Dynamics 365, one SDK per revision. 2024-10: query times are int64 .NET ticks (> 2^53), so int64 values are typed
// and sent as BigInt. 2025-04: ISO 8601 times and integer enums; every number fits a JavaScript number.
export default defineClientConfig([
  { spec: 'dynamics365-backup.yaml', bigInt: true },
  { spec: 'dynamics365-backup-2025-04.yaml', output: 'client-2025-04' },
]);
