// Cloud Backup for Salesforce, GET /backup/sfbapi/jobs: the shared description (ISO times, pageIndex 0 is also the
// first page, a nextLink, numeric enums, errors in the JSON envelope) plus what is the contract's own: the error
// cases it sends, and the rule behind each expectation (decisions 7–15).
import { salesforce as shared } from '@jobwatch/api-descriptions';
import { documented, OWN_CHOICES, settled } from '../checks/provenance.js';
import { invertedRangeCase, missingCases, pageSizeBoundsCases, set } from './error-cases.js';
import { contractDescription } from './from-description.js';
import type { ApiDescription, ErrorCase } from './types.js';

const outsideList = settled(14, 'a type, status or level outside its documented list is a 400');

const cases: ErrorCase[] = [
  ...missingCases(['startTime', 'finishTime']),
  {
    kind: 'malformed',
    description: 'startTime not a date',
    apply: set('startTime', 'yesterday'),
    names: ['startTime'],
  },
  {
    kind: 'malformed',
    description: 'startTime not a calendar date (2024-02-30)',
    apply: set('startTime', '2024-02-30'),
    names: ['startTime'],
    rule: settled(1, 'a malformed value is a 400; the page asks for ISO 8601, which has no 30 February'),
  },
  {
    kind: 'malformed',
    description: 'finishTime month 13',
    apply: set('finishTime', '2024-13-01'),
    names: ['finishTime'],
  },
  {
    kind: 'malformed',
    description: 'type outside its enum (23)',
    apply: set('type', '23'),
    names: ['type'],
    rule: outsideList,
  },
  { kind: 'malformed', description: 'type not an integer', apply: set('type', 'backup'), names: ['type'] },
  {
    kind: 'malformed',
    description: 'status outside its enum (8)',
    apply: set('status', '8'),
    names: ['status'],
    rule: outsideList,
  },
  {
    kind: 'malformed',
    description: 'level outside its enum (7)',
    apply: set('level', '7'),
    names: ['level'],
    rule: outsideList,
  },
  {
    kind: 'malformed',
    description: 'organizationId not an org id',
    apply: set('organizationId', 'not-an-org!'),
    names: ['organizationId'],
    // The vendor documents no format for the id ("string"): rejecting one is the project's choice.
    rule: OWN_CHOICES.salesforceOrganizationIdForms,
  },
  {
    kind: 'malformed',
    description: 'pageIndex negative',
    apply: set('pageIndex', '-1'),
    names: ['pageIndex'],
    rule: settled(7, 'a negative pageIndex is a 400'),
  },
  ...pageSizeBoundsCases(),
  {
    kind: 'malformed',
    description: 'pageSize not an integer',
    apply: set('pageSize', '2.5'),
    names: ['pageSize'],
  },
  {
    kind: 'malformed',
    description: 'pageSize repeated',
    apply: (q) => q.append('pageSize', q.get('pageSize') ?? '5'),
    names: ['pageSize'],
  },
  invertedRangeCase,
];

/** The envelope is the same on success and error (decision 13). */
const everyResponse = settled(13, 'requestId, timestamp and traceId are present on every response');

export const salesforce: ApiDescription = contractDescription(shared, {
  cases,
  organization: {
    // The 15-character form is the case-sensitive prefix of the 18-character id (decision 0002).
    variants: (id) => (id.length === 18 ? [id.slice(0, 15)] : []),
    variantRule: OWN_CHOICES.salesforceOrganizationIdForms,
  },
  errorsRule: settled(
    13,
    'errors use the envelope (application/json): statusCode is the HTTP code, errors[].field names the parameter',
  ),
  // The envelope is the same on success and error (decision 13).
  envelopeRules: {
    httpStatus: {
      rule: documented('the Salesforce field table: statusCode is the Http Response Status Code'),
    },
    requestId: {
      rule: everyResponse,
      // The docs show one example ("looks like 0HNEVHLNSPSEJ:00000002"); the exact shape is the project's.
      patternRule: OWN_CHOICES.requestIdFormat,
    },
    timestamp: {
      rule: documented('the Salesforce field table: timestamp is the API request time'),
      patternRule: documented(
        "the vendor's docs on the error body: timestamp is ISO 8601 UTC with microseconds",
      ),
    },
    traceId: {
      rule: everyResponse,
      patternRule: documented("the vendor's docs on the error body: traceId is a W3C trace-context id"),
    },
  },
  requestIdMatchesHeader: OWN_CHOICES.requestIdFormat,
  schemaRules: [
    { schema: 'RequestIdValue', keyword: 'pattern', rule: OWN_CHOICES.requestIdFormat },
    // The field table says only "string" for the job's organizationId.
    {
      schema: 'SalesforceOrganizationId',
      keyword: 'pattern',
      rule: OWN_CHOICES.salesforceOrganizationIdForms,
    },
  ],
  record: { revision: 'the only revision of the vendor page', derived: [], organizationTraits: [] },
});
