/** The MITRE ATT&CK (Enterprise, cloud) mappings the catalog uses, written once. */
import type { RuleMitre } from './types.js';

const m = (tactic: string, technique: string): RuleMitre => ({ tactic, technique });

/** Named mappings, so rules agree on spelling. */
export const MITRE = {
  disableCloudLogs: m('TA0005 Defense Evasion', 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs'),
  disableTools: m('TA0005 Defense Evasion', 'T1562.001 Impair Defenses: Disable or Modify Tools'),
  disableFirewall: m('TA0005 Defense Evasion', 'T1562.007 Impair Defenses: Disable or Modify Cloud Firewall'),
  unusedRegions: m('TA0005 Defense Evasion', 'T1535 Unused/Unsupported Cloud Regions'),
  modifyHierarchy: m('TA0005 Defense Evasion', 'T1666 Modify Cloud Resource Hierarchy'),
  cloudAccounts: m('TA0001 Initial Access', 'T1078.004 Valid Accounts: Cloud Accounts'),
  bruteForce: m('TA0006 Credential Access', 'T1110 Brute Force'),
  additionalCredentials: m('TA0003 Persistence', 'T1098.001 Account Manipulation: Additional Cloud Credentials'),
  additionalRoles: m('TA0004 Privilege Escalation', 'T1098.003 Account Manipulation: Additional Cloud Roles'),
  accountManipulation: m('TA0003 Persistence', 'T1098 Account Manipulation'),
  transferToCloudAccount: m('TA0010 Exfiltration', 'T1537 Transfer Data to Cloud Account'),
  dataFromCloudStorage: m('TA0009 Collection', 'T1530 Data from Cloud Storage'),
  exposeService: m('TA0001 Initial Access', 'T1133 External Remote Services'),
  dataDestruction: m('TA0040 Impact', 'T1485 Data Destruction'),
  inhibitRecovery: m('TA0040 Impact', 'T1490 Inhibit System Recovery'),
  dataEncryptedForImpact: m('TA0040 Impact', 'T1486 Data Encrypted for Impact'),
  stolenInstanceCredentials: m(
    'TA0006 Credential Access',
    'T1552.005 Unsecured Credentials: Cloud Instance Metadata API',
  ),
  cloudDiscovery: m('TA0007 Discovery', 'T1580 Cloud Infrastructure Discovery'),
} as const;
