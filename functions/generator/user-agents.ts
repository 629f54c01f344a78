/**
 * User agents as real clients send them (CLI v2, Boto3, Go SDK v2, JS SDK v3, Terraform, SSM agent,
 * browsers, console). Version numbers are fixed per principal, as a real fleet pins them.
 * @module
 */

/** Client families the generator uses. */
export const UaFamily = {
  Cli: 'cli',
  Boto3: 'boto3',
  GoSdk: 'go-sdk',
  JsSdk: 'js-sdk',
  Terraform: 'terraform',
  SsmAgent: 'ssm-agent',
  Browser: 'browser',
  Console: 'console',
  LegacyCli: 'legacy-cli',
  GithubOidc: 'github-oidc',
  Kali: 'kali',
} as const;
export type UaFamily = (typeof UaFamily)[keyof typeof UaFamily];

const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36',
];

/** The CLI's `md/command#service.operation` suffix for an action. */
export function cliCommand(eventSource: string, eventName: string): string {
  const service = eventSource.replace('.amazonaws.com', '').replace('monitoring', 'cloudwatch');
  const op = eventName
    .replace(/20\d{6}(v\d)?$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  return `${service === 's3' ? 's3api' : service}.${op}`;
}

const cache = new Map<string, string>();

/** Builds the user agent of one call for a client family; `variant` picks a browser or OS (cached). */
export function userAgent(family: UaFamily, eventSource: string, eventName: string, variant = 0): string {
  const key = `${family}|${variant}|${eventSource}|${eventName}`;
  let ua = cache.get(key);
  if (ua === undefined) {
    ua = buildUserAgent(family, eventSource, eventName, variant);
    cache.set(key, ua);
  }
  return ua;
}

function buildUserAgent(family: UaFamily, eventSource: string, eventName: string, variant: number): string {
  switch (family) {
    case UaFamily.Cli: {
      const os = variant % 2 === 0 ? 'os/macos#24.5.0 md/arch#arm64' : 'os/linux#6.8.0-1029-aws md/arch#x86_64';
      return `aws-cli/2.27.41 md/awscrt#0.26.1 ua/2.1 ${os} lang/python#3.13.4 md/pyimpl#CPython m/b,Z,E cfg/retry-mode#standard md/installer#${variant % 2 === 0 ? 'source' : 'exe'} md/prompt#off md/command#${cliCommand(eventSource, eventName)}`;
    }
    case UaFamily.Boto3:
      // Variant 0: inside Lambda (exec-env set); otherwise a server or laptop.
      return variant % 2 === 0
        ? 'Boto3/1.38.36 md/Botocore#1.38.36 ua/2.1 os/linux#5.10.237-230.949.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.11 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 m/Z,b,D cfg/retry-mode#legacy Botocore/1.38.36'
        : 'Boto3/1.35.99 md/Botocore#1.35.99 ua/2.0 os/linux#5.15.0-1071-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.99';
    case UaFamily.GoSdk: {
      const api = eventSource.split('.')[0];
      return `aws-sdk-go-v2/1.36.5 ua/2.1 os/linux lang/go#1.24.4 md/GOOS#linux md/GOARCH#amd64 api/${api}#1.218.0 m/E,g`;
    }
    case UaFamily.JsSdk: {
      const api = eventSource.split('.')[0];
      return `aws-sdk-js/3.840.0 ua/2.1 os/linux#5.10.237-251.956.amzn2.x86_64 lang/js md/nodejs#22.16.0 api/${api}#3.840.0 m/E,N exec-env/AWS_Lambda_nodejs22.x`;
    }
    case UaFamily.Terraform: {
      const api = eventSource.split('.')[0];
      return `APN/1.0 HashiCorp/1.0 Terraform/1.12.2 (+https://www.terraform.io) terraform-provider-aws/6.2.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.36.5 ua/2.1 os/linux lang/go#1.24.4 md/GOOS#linux md/GOARCH#amd64 api/${api}#1.43.0 m/C,g`;
    }
    case UaFamily.SsmAgent:
      return 'aws-sdk-go/1.55.7 (go1.23.8; linux; amd64) amazon-ssm-agent/3.3.2299.0';
    case UaFamily.Browser:
      return BROWSERS[variant % BROWSERS.length] as string;
    case UaFamily.Console:
      if (eventSource === 's3.amazonaws.com') {
        return '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.236-206.928.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.452-b09 java/1.8.0_452 vendor/Oracle_Corporation cfg/retry-mode/standard]';
      }
      if (eventSource === 'iam.amazonaws.com' && variant % 3 === 0) return 'AWS Internal';
      return eventSource === 'ec2.amazonaws.com' ? 'console.ec2.amazonaws.com' : 'console.amazonaws.com';
    case UaFamily.LegacyCli:
      return 'aws-cli/1.29.62 Python/3.9.16 Linux/5.15.0-1051-aws botocore/1.31.62';
    case UaFamily.GithubOidc:
      return 'aws-sdk-js/3.840.0 ua/2.1 os/linux#6.11.0-1015-azure lang/js md/nodejs#20.19.2 api/sts#3.840.0 m/N,e,E configure-aws-credentials-for-github-actions';
    case UaFamily.Kali:
      return variant % 2 === 0
        ? `aws-cli/2.15.30 Python/3.11.8 Linux/6.6.15-kali1-amd64 exe/x86_64.kali.2024 prompt/off command/${cliCommand(eventSource, eventName)}`
        : 'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.6.9-amd64-kali md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51';
  }
}
