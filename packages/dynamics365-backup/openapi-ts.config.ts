import { defineClientConfig } from '@jobwatch/codegen-config';

// Dynamics 365: query times are int64 .NET ticks (> 2^53), so int64 values are typed and sent as BigInt.
export default defineClientConfig({ spec: 'dynamics365-backup.yaml', bigInt: true });
