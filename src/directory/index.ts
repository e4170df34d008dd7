export { cxoneSnapshotOf, PrerequisiteProblems, refreshCxoneDirectory, refreshSalesforceOrg, relinkAgents, salesforceSnapshotOf } from './directory-sync.ts';
export { salesforceCredentialsOf } from './salesforce-credentials.ts';
