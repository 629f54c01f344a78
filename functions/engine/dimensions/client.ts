/**
 * The `client` dimension: which program made the call, as a family whose value does not change with a
 * version or an operating system (a new laptop with a newer CLI is the same client). From the client
 * token of the activity query (the user agent's first product name, see caller-sql.ts).
 * @module
 */

/** One client family. */
export interface Client {
  /** Baseline value: `aws-cli`, `python-sdk`, `console`, `other:curl`, ... */
  value: string;
  label: string;
  /** AWS's own callers (internal, a service's name) and absent agents say nothing about who called. */
  signal: boolean;
}

const FAMILIES: ReadonlyArray<[RegExp, string, string]> = [
  [/^aws-cli$/, 'aws-cli', 'the AWS CLI'],
  [/^(boto3|botocore|aws-sdk-python)$/, 'python-sdk', 'boto3/botocore (Python SDK)'],
  [/^aws-sdk-go(-v2)?$/, 'go-sdk', 'the AWS SDK for Go'],
  [/^aws-sdk-java(-v2)?$/, 'java-sdk', 'the AWS SDK for Java'],
  [/^aws-sdk-(js|nodejs)$/, 'js-sdk', 'the AWS SDK for JavaScript'],
  [/^aws-sdk-(dotnet|net)/, 'dotnet-sdk', 'the AWS SDK for .NET'],
  [/^aws-sdk-ruby\d?$/, 'ruby-sdk', 'the AWS SDK for Ruby'],
  [/^aws-sdk-php$/, 'php-sdk', 'the AWS SDK for PHP'],
  [/^aws-sdk-(rust|cpp|kotlin|swift)$/, 'other-sdk', 'an AWS SDK'],
  [/^(awspowershell|aws-tools-for-powershell|awspowershell\.common)/, 'powershell', 'AWS Tools for PowerShell'],
  [/^(hashicorp|terraform)$/, 'terraform', 'Terraform'],
  [/^pulumi/, 'pulumi', 'Pulumi'],
  [/^(aws-cdk|cdk|cdktf)$/, 'cdk', 'the AWS CDK'],
  [/^aws-sam-cli$/, 'sam', 'the AWS SAM CLI'],
  [/^cloudformation\.amazonaws\.com$/, 'cloudformation', 'CloudFormation'],
  [
    /^(console(\.[a-z0-9-]+)?\.amazonaws\.com|signin\.amazonaws\.com|s3console|aws-console|mozilla|opera)$/,
    'console',
    'the AWS console (a browser)',
  ],
];

const INTERNAL = /^(aws|aws-internal|coral|aws-internal\/\d+)$|\.amazonaws\.com$/;

/** The client family of a token. */
export function clientOf(token: string): Client {
  if (token === 'none' || token === '') return { value: 'none', label: 'no user agent', signal: false };
  for (const [pattern, value, label] of FAMILIES) if (pattern.test(token)) return { value, label, signal: true };
  if (INTERNAL.test(token)) return { value: 'aws-internal', label: 'AWS itself', signal: false };
  return { value: `other:${token}`, label: `a custom client (${token})`, signal: true };
}
