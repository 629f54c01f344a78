import { event } from '../../case-builder.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** DNS query logging of Route 53 Resolver removed or detached from a VPC. */
export const queryLoggingDeleted: RecordRule = {
  id: 'aws.route53resolver.query-logging-deleted',
  title: 'Route 53 Resolver query logging deleted',
  description:
    'DeleteResolverQueryLogConfig or DisassociateResolverQueryLogConfig: DNS queries from the VPCs are no longer logged, hiding command-and-control and exfiltration lookups.',
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook: 'Recreate or re-associate the query log configuration and review DNS-related activity of the VPCs since.',
  prefilter: [clause('route53resolver', 'DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig')],
  match: (r) => isEvent(r, 'route53resolver', 'DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'),
  titleOf: (r) =>
    `Route 53 Resolver query logging ${r.eventName === 'DeleteResolverQueryLogConfig' ? 'deleted' : 'detached from VPC ' + (reqText(r, 'resourceId') ?? '')} (${reqText(r, 'resolverQueryLogConfigId') ?? 'unknown id'})`.replace(
      /\s+/g,
      ' ',
    ),
  context: (r) => ({ configId: reqText(r, 'resolverQueryLogConfigId') ?? null, vpc: reqText(r, 'resourceId') ?? null }),
  cases: [
    {
      name: 'flags DeleteResolverQueryLogConfig (Stratus detonation shape)',
      expect: true,
      record: event('route53resolver', 'DeleteResolverQueryLogConfig', {
        request: { originSequenceNumber: 0, resolverQueryLogConfigId: 'rqlc-4473f20ca554c07' },
      }),
    },
    {
      name: 'flags a detached VPC',
      expect: true,
      record: event('route53resolver', 'DisassociateResolverQueryLogConfig', {
        request: { resolverQueryLogConfigId: 'rqlc-1', resourceId: 'vpc-1' },
      }),
    },
    {
      name: 'ignores creating a query log config',
      expect: false,
      record: event('route53resolver', 'CreateResolverQueryLogConfig', { request: { name: 'dns' } }),
    },
  ],
};
