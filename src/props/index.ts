/**
 * Property models: typed views of the flat properties of offers, demands and agreements,
 * with their exact key spellings.
 */

export { Activity, type ActivityFields } from "./activity.js";
export {
  BillingScheme,
  Com,
  type ComFields,
  Counter,
  DEFINED_USAGES,
  LINEAR_COEFFS,
  PRICE_MODEL,
  PriceModel,
  SCHEME,
} from "./com.js";
export { ComLinear, type ComLinearFields } from "./com-linear.js";
export {
  asList,
  booleanField,
  decimalField,
  decimalItem,
  type Field,
  integerField,
  listField,
  numberField,
  type Props,
  required,
  secondsField,
  stringField,
  stringItem,
  timestampField,
  toDecimal,
} from "./fields.js";
export {
  INF_CORES,
  INF_MEM,
  INF_RUNTIME,
  INF_STORAGE,
  INF_THREADS,
  Inf,
  type InfFields,
  RuntimeType,
  TRANSFER_CAPS,
} from "./inf.js";
export { Model, type ModelClass, type ModelFields, type ModelKeys, readModel } from "./model.js";
export { NodeInfo, type NodeInfoFields } from "./node-info.js";
export {
  CHOSEN_PLATFORM,
  DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP,
  DEBIT_NOTE_MIN_TIMEOUT_MS,
  DEFAULT_PAYMENT_PLATFORM,
  PAYMENT_PLATFORM_PREFIX,
} from "./payment.js";
export {
  TASK_PACKAGE,
  VM_PACKAGE_FORMAT,
  VmPackageFormat,
  VmRequest,
  type VmRequestFields,
} from "./vm-request.js";
