export { failed, type Probe } from './probe.js';
export { probeTrail, type TrailProbeOptions } from './trail-probe.js';
export { probeAthena, probeSql, type AthenaProbeOptions } from './athena-probe.js';
export { PROBE_BATCH, probeBus, type BusProbeOptions } from './bus-probe.js';
export { probeConfig, type ConfigProbeOptions } from './config-probe.js';
export { invokePreflight, lambdaClient, type InvokePreflightOptions } from './invoke.js';
