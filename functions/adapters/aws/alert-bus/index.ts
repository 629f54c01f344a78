export {
  createAlertBusSink,
  publishCoverage,
  putEntries,
  ALERT_EVENTS,
  type AlertBusOptions,
  type OcsfMapper,
} from './alert-bus-sink.js';
