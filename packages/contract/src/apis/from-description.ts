// The contract's view of an API: every fact comes from the shared API description (derived from the spec); the
// contract adds only what is its own — the error cases it sends, the other spellings of an organization id that
// must select the same jobs, and the rule (provenance) behind each expectation.
import type {
  ApiDescription as SharedDescription,
  EnumFilter as SharedFilter,
} from '@jobwatch/api-descriptions';
import type { Provenance } from '../checks/provenance.js';
import type {
  ApiDescription,
  EnumFilter,
  EnvelopeField,
  ErrorCase,
  RecordSpec,
  SchemaRule,
} from './types.js';

/** What the contract adds to a shared description. */
export type ContractOwn = {
  cases: readonly ErrorCase[];
  organization: { variants(id: string): string[]; variantRule: Provenance };
  errorsRule: Provenance;
  /** The rule behind each per-response field the spec defines, by kind (and its pattern's, when another). */
  envelopeRules: Partial<Record<EnvelopeField['kind'], { rule: Provenance; patternRule?: Provenance }>>;
  /** When the body's request id must equal the request-id header: the rule that says so. */
  requestIdMatchesHeader?: Provenance;
  schemaRules: readonly SchemaRule[];
  /** What `--record` needs that the spec does not say; the revision defaults to the description's. */
  record: Pick<RecordSpec, 'derived' | 'organizationTraits'> & { revision?: string };
  /** Query parameters every request of the run carries (2025-04's required `type=0`). */
  fixedParams?: Readonly<Record<string, string>>;
};

function enumFilter(filter: SharedFilter): EnumFilter {
  return {
    param: filter.param,
    ...(filter.field === null ? {} : { field: filter.field }),
    values: filter.values,
    ...(filter.all === null ? {} : { allValue: filter.all }),
    flags: filter.flags,
    queryValueOf: filter.valueOf,
  };
}

export function contractDescription(shared: SharedDescription, own: ContractOwn): ApiDescription {
  const { time, paging, page, job, filters, errors, envelope } = shared;
  const envelopeFields = (fields: SharedDescription['envelope']['success']): EnvelopeField[] =>
    fields.map((field) => {
      const rules = own.envelopeRules[field.kind];
      if (!rules) throw new Error(`${shared.api}: no rule for the ${field.kind} field the spec defines`);
      return {
        path: field.path,
        kind: field.kind,
        ...(field.pattern === null ? {} : { pattern: field.pattern }),
        rule: rules.rule,
        ...(rules.patternRule === undefined ? {} : { patternRule: rules.patternRule }),
      };
    });
  const statusFilter = filters.status;
  return {
    name: shared.api,
    revision: shared.revision,
    spec: shared.spec,
    ...(own.fixedParams === undefined ? {} : { fixedParams: own.fixedParams }),
    title: shared.title,
    path: shared.path,
    scope: shared.scope,
    timeFormat: time.format,
    formatTime: time.formatQuery,
    params: {
      startTime: time.start,
      finishTime: time.finish,
      pageIndex: paging.pageIndex,
      pageSize: paging.pageSize,
    },
    paging: {
      firstPage: paging.firstPage,
      firstPageAliases: paging.firstPageAliases,
      defaultPageSize: paging.defaultPageSize,
      maxPageSize: paging.maxPageSize,
    },
    page: {
      total: page.total,
      jobs: page.jobs,
      ...(page.nextLink === null ? {} : { nextLink: page.nextLink }),
    },
    job: {
      id: job.id,
      startTime: job.startTime,
      finishTime: job.finishTime,
      inProgress: (raw) => statusFilter.valueOf(raw[statusFilter.param]) === job.inProgressStatus,
      finishWhileInProgress: job.finishWhileInProgress,
      counts: job.counts.map((group) => ({ parts: group.parts, total: group.total })),
    },
    filters: {
      status: enumFilter(filters.status),
      type: enumFilter(filters.type),
      ...(filters.level === null ? {} : { level: enumFilter(filters.level) }),
    },
    organization: {
      param: shared.organization.param,
      field: shared.organization.field,
      variants: own.organization.variants,
      variantRule: own.organization.variantRule,
    },
    errors: {
      contentType: errors.contentType,
      status: errors.status,
      namesAt:
        errors.names.form === 'list'
          ? `$.${errors.names.at.join('.')}[*].${errors.names.key}`
          : `$.${errors.names.at.join('.')}.<parameter>`,
      namedParameters: errors.namedParameters,
      cases: own.cases,
      rule: own.errorsRule,
    },
    envelope: {
      success: envelopeFields(envelope.success),
      error: envelopeFields(envelope.error),
      ...(envelope.requestIdMatchesHeader !== null && own.requestIdMatchesHeader
        ? { requestIdMatchesHeader: own.requestIdMatchesHeader }
        : {}),
    },
    schemaRules: own.schemaRules,
    record: {
      scenarioKey: shared.api,
      revision: own.record.revision ?? shared.revision,
      jobSchema: job.schema,
      derived: own.record.derived,
      organizationIds: shared.organization.format === 'uuid' ? 'guid' : 'salesforce',
      ...(job.fields.includes('organizationName') ? { organizationName: 'organizationName' } : {}),
      organizationTraits: own.record.organizationTraits,
    },
  };
}
