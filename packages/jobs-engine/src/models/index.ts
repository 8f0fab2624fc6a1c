import type { ApiModel } from '../model.js';
import type { ApiName } from '../types.js';
import { dynamics365Model } from './dynamics365.js';
import { salesforceModel } from './salesforce.js';

const models: Record<ApiName, ApiModel> = { salesforce: salesforceModel, dynamics365: dynamics365Model };

/** The generator tables of one API. */
export function modelFor(api: ApiName): ApiModel {
  const model = models[api];
  if (!model) throw new Error(`unknown API ${JSON.stringify(api)} (expected salesforce or dynamics365)`);
  return model;
}
