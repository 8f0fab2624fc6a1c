// Cloud Backup for Dynamics 365, GET /dynamicsbackup/jobs (October 2024 page): the shared description (ticks,
// 1-based paging without a next link, bit-flag types, string enums, problem details) plus what is the contract's
// own: the error cases it sends, and the rule behind each expectation (decisions 16–25).

import { dynamics365 as shared } from '@jobwatch/api-descriptions';
import { OWN_CHOICES, settled } from '../checks/provenance.js';
import { invertedRangeCase, missingCases, pageSizeBoundsCases, set } from './error-cases.js';
import { type ContractOwn, contractDescription } from './from-description.js';
import type { ApiDescription, ErrorCase } from './types.js';

const ticks = settled(16, 'startTime and finishTime are integers of .NET ticks; anything else is a 400');
const flags = settled(19, 'type is a set of flags from 0 to 63; a value outside is a 400');

export const cases: ErrorCase[] = [
  ...missingCases(['startTime', 'finishTime']),
  {
    kind: 'malformed',
    description: 'startTime as an ISO date instead of ticks',
    apply: set('startTime', '2024-01-01'),
    names: ['startTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'startTime not an integer of ticks',
    apply: set('startTime', '6.38e17'),
    names: ['startTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'finishTime not a number',
    apply: set('finishTime', 'later'),
    names: ['finishTime'],
    rule: ticks,
  },
  {
    kind: 'malformed',
    description: 'finishTime and its alias endTime both given',
    apply: (q) => q.set('endTime', q.get('finishTime') ?? '0'),
    names: ['finishTime', 'endTime'],
    rule: settled(17, 'endTime is an alias of finishTime; giving both is a 400'),
  },
  {
    kind: 'malformed',
    description: 'type outside 0–63 (64)',
    apply: set('type', '64'),
    names: ['type'],
    rule: flags,
  },
  { kind: 'malformed', description: 'type negative', apply: set('type', '-1'), names: ['type'], rule: flags },
  {
    kind: 'malformed',
    description: 'status outside its enum (5)',
    apply: set('status', '5'),
    names: ['status'],
    rule: settled(20, 'status is one of 2, 3, 4, 7'),
  },
  {
    kind: 'malformed',
    description: 'organizationId not a GUID',
    apply: set('organizationId', 'not-a-guid'),
    names: ['organizationId'],
    rule: settled(24, 'organizationId is a GUID; a value that is not is a 400'),
  },
  {
    kind: 'malformed',
    description: 'pageIndex 0 (1-based)',
    apply: set('pageIndex', '0'),
    names: ['pageIndex'],
    rule: settled(18, 'pageIndex is 1-based, minimum 1'),
  },
  ...pageSizeBoundsCases(),
  {
    kind: 'malformed',
    description: 'type repeated',
    apply: (q) => {
      q.append('type', '1');
      q.append('type', '1');
    },
    names: ['type'],
  },
  invertedRangeCase,
];

/** What the contract adds to every Dynamics revision's description besides its error cases. */
export const dynamicsOwn: Omit<ContractOwn, 'cases'> = {
  organization: {
    // GUIDs match case-insensitively (decision 24).
    variants: (id) => [id === id.toUpperCase() ? id.toLowerCase() : id.toUpperCase()],
    variantRule: settled(24, 'organizationId matches case-insensitively'),
  },
  errorsRule: settled(
    25,
    'errors are RFC 9457 problem details (application/problem+json) with status and errors keyed by parameter',
  ),
  envelopeRules: {
    httpStatus: { rule: settled(25, 'problem details repeat the HTTP status') },
    traceId: {
      rule: settled(25, 'problem details carry a traceId'),
      patternRule: settled(25, 'the traceId ASP.NET Core writes, a W3C trace-context id'),
    },
  },
  schemaRules: [
    {
      schema: 'DynamicsJob',
      keyword: 'required',
      property: 'startTime',
      rule: OWN_CHOICES.dynamicsStartTimeRequired,
    },
  ],
  // The mock computes durationHours from startTime and finishTime; it keeps the module per organization.
  record: { derived: ['durationHours'], organizationTraits: ['module'] },
};

export const dynamics365: ApiDescription = contractDescription(shared, { ...dynamicsOwn, cases });
