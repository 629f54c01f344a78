/** S3 input errors in words a responder acts on: one line and a hint. */
import { AwsAdapterError, errorCode, errorMessage } from '../shared/index.js';

/** An S3 input that cannot be read; `hint` says what to do. */
export class S3InputError extends AwsAdapterError {
  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);

/** The error of an S3 call on `where` (`s3://bucket/prefix` or an object), as an {@link S3InputError}. */
export function s3InputError(error: unknown, where: string): S3InputError {
  const code = errorCode(error) ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const name = error instanceof Error ? error.name : '';
  if (code === 'NoSuchBucket')
    return new S3InputError(
      `the bucket of ${where} does not exist`,
      'check the name (aws s3 ls); a trail names its bucket in its configuration (aws cloudtrail describe-trails)',
      { cause: error },
    );
  if (CREDENTIALS.has(code))
    return new S3InputError(
      `your AWS credentials were refused reading ${where} (${code})`,
      'refresh them (aws sso login, or check AWS_PROFILE / AWS_ACCESS_KEY_ID), then run the same command again: what was downloaded is kept',
      { cause: error },
    );
  if (code === 'AccessDenied' || code === 'AllAccessDisabled' || status === 403)
    return new S3InputError(
      `access denied reading ${where}`,
      'your credentials (AWS_PROFILE or the default profile: aws sts get-caller-identity) need s3:ListBucket on the bucket and s3:GetObject on its objects (kms:Decrypt for an encrypted trail); an organization trail bucket usually lives in the log-archive account',
      { cause: error },
    );
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(errorMessage(error)))
    return new S3InputError(
      `no AWS credentials to read ${where}`,
      'set AWS_PROFILE or run aws configure / aws sso login; or download the files (aws s3 sync) and scan the folder',
      { cause: error },
    );
  return new S3InputError(
    `cannot read ${where}: ${errorMessage(error)}`,
    'check the network (and AWS_ENDPOINT_URL_S3 for an S3-compatible store); run the same command again: what was downloaded is kept',
    { cause: error },
  );
}
