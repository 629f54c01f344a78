/**
 * The AWS providers the stack needs, from the config: the central account in its region (default),
 * the central account in the agents' home region (artifact bucket), and the management account
 * (the agent stack there, and the StackSet itself when `callAs: SELF`).
 * @module
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { Construct } from 'constructs';
import { CallAs, type DeployConfig } from './config/index.js';

/** Which provider does what. */
export interface Providers {
  central: AwsProvider;
  /** Central account, agents' home region (same object as `central` when the regions match). */
  agentsRegion: AwsProvider;
  /** Management account, home region; absent when nothing is deployed there. */
  management?: AwsProvider;
  /** Where the StackSet is administered from. */
  stackSet: AwsProvider;
}

/** Creates the providers on the stack. */
export function createProviders(scope: Construct, config: DeployConfig): Providers {
  const { central, agents, organization, managementAccount, stackSet } = config;
  const defaultTags = [{ tags: { ...config.tags, 'ct-anomaly:component': 'central' } }];
  const centralProvider = new AwsProvider(scope, 'aws', {
    region: central.region,
    allowedAccountIds: [central.accountId],
    defaultTags,
  });
  const agentsRegion =
    agents.homeRegion === central.region
      ? centralProvider
      : new AwsProvider(scope, 'aws-agents-region', {
          alias: 'agents_region',
          region: agents.homeRegion,
          allowedAccountIds: [central.accountId],
          defaultTags,
        });

  const deploysFromManagement = central.accountId === organization.managementAccountId;
  const needsManagement = managementAccount.installAgent || stackSet.callAs === CallAs.Self;
  let management: AwsProvider | undefined;
  if (needsManagement) {
    management = deploysFromManagement
      ? agentsRegion
      : new AwsProvider(scope, 'aws-management', {
          alias: 'management',
          region: agents.homeRegion,
          allowedAccountIds: [organization.managementAccountId],
          // The schema guarantees the role when the management account is not the central one.
          assumeRole: [{ roleArn: managementAccount.deployRoleArn!, sessionName: `${config.prefix}-deploy` }],
          defaultTags: [{ tags: { ...config.tags, 'ct-anomaly:component': 'agent' } }],
        });
  }
  const stackSetProvider = stackSet.callAs === CallAs.Self && !deploysFromManagement ? management! : centralProvider;
  return {
    central: centralProvider,
    agentsRegion,
    management: managementAccount.installAgent ? management : undefined,
    stackSet: stackSetProvider,
  };
}
