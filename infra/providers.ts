/**
 * The AWS providers the stack needs, from the config: the central account in its region (default) and in
 * each agent region (artifact buckets), the management account in each agent region (its agent stacks, the
 * StackSets when `callAs: SELF`, the guard-rail SCP), and the log-archive account (trail access as code).
 * @module
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { Construct } from 'constructs';
import { agentRegionsOf, CallAs, type DeployConfig } from './config/index.js';

/** Which provider does what. */
export interface Providers {
  central: AwsProvider;
  /** Central account, per agent region (the same object as `central` for the central region). */
  agentsRegion: Record<string, AwsProvider>;
  /** Management account, per agent region; absent when no agent runs there. */
  management?: Record<string, AwsProvider>;
  /** Management account in the home region: SCPs; absent when not needed. */
  organizations?: AwsProvider;
  /** Where the StackSets are administered from. */
  stackSet: AwsProvider;
  /** Log-archive account in the trail bucket's region, and in the trail key's region. */
  logArchive?: { bucket: AwsProvider; key: AwsProvider };
}

const alias = (region: string) => region.replace(/-/g, '_');

/** Creates the providers on the stack. */
export function createProviders(scope: Construct, config: DeployConfig): Providers {
  const { central, agents, organization, managementAccount, stackSet, logArchive } = config;
  const defaultTags = (component: string) => [{ tags: { ...config.tags, 'ct-anomaly:component': component } }];
  const centralProvider = new AwsProvider(scope, 'aws', {
    region: central.region,
    allowedAccountIds: [central.accountId],
    defaultTags: defaultTags('central'),
  });
  const regions = Object.keys(agentRegionsOf(config));
  const agentsRegion: Record<string, AwsProvider> = {};
  for (const region of regions) {
    const home = region === agents.homeRegion;
    agentsRegion[region] =
      region === central.region
        ? centralProvider
        : new AwsProvider(scope, home ? 'aws-agents-region' : `aws-agents-${region}`, {
            alias: home ? 'agents_region' : `agents_${alias(region)}`,
            region,
            allowedAccountIds: [central.accountId],
            defaultTags: defaultTags('central'),
          });
  }

  const deploysFromManagement = central.accountId === organization.managementAccountId;
  const needsManagement =
    managementAccount.installAgent || stackSet.callAs === CallAs.Self || config.guardRails.serviceControlPolicy;
  const management: Record<string, AwsProvider> = {};
  if (needsManagement) {
    for (const region of regions) {
      const home = region === agents.homeRegion;
      management[region] = deploysFromManagement
        ? agentsRegion[region]!
        : new AwsProvider(scope, home ? 'aws-management' : `aws-management-${region}`, {
            alias: home ? 'management' : `management_${alias(region)}`,
            region,
            allowedAccountIds: [organization.managementAccountId],
            // The schema guarantees the role when the management account is not the central one.
            assumeRole: [{ roleArn: managementAccount.deployRoleArn!, sessionName: `${config.prefix}-deploy` }],
            defaultTags: defaultTags('agent'),
          });
    }
  }
  const homeManagement = management[agents.homeRegion];
  const stackSetProvider =
    stackSet.callAs === CallAs.Self && !deploysFromManagement ? homeManagement! : centralProvider;

  let logArchiveProviders: Providers['logArchive'];
  if (logArchive) {
    const make = (id: string, name: string, region: string) =>
      new AwsProvider(scope, id, {
        alias: name,
        region,
        allowedAccountIds: [logArchive.accountId],
        assumeRole: [{ roleArn: logArchive.deployRoleArn, sessionName: `${config.prefix}-deploy` }],
        defaultTags: defaultTags('log-archive'),
      });
    const bucket = make('aws-log-archive', 'log_archive', logArchive.region);
    const keyRegion = config.trail.kmsKeyArn?.split(':')[3] ?? logArchive.region;
    logArchiveProviders = {
      bucket,
      key: keyRegion === logArchive.region ? bucket : make('aws-log-archive-key', 'log_archive_key', keyRegion),
    };
  }
  return {
    central: centralProvider,
    agentsRegion,
    ...(managementAccount.installAgent && needsManagement ? { management } : {}),
    ...(config.guardRails.serviceControlPolicy ? { organizations: homeManagement } : {}),
    stackSet: stackSetProvider,
    ...(logArchiveProviders ? { logArchive: logArchiveProviders } : {}),
  };
}
