// Submission warnings between the service's shape and the gRPC messages.
import type { SubmitWarning, WarningCode } from "../../domain/route-warnings.js";
import type {
  SubmitWarning__Output,
  SubmitWarning as SubmitWarningMessage,
} from "./generated/dago/v1/SubmitWarning.js";

export function warningToProto(warning: SubmitWarning): SubmitWarningMessage {
  return {
    code: warning.code,
    message: warning.message,
    nodeId: warning.nodeId,
    nodeIds: warning.nodeIds,
    type: warning.type ?? "",
    capabilities: warning.capabilities,
  };
}

export function warningFromProto(message: SubmitWarning__Output): SubmitWarning {
  const warning: SubmitWarning = {
    code: (message.code ?? "") as WarningCode,
    message: message.message ?? "",
    nodeId: message.nodeId ?? "",
    nodeIds: message.nodeIds,
    capabilities: message.capabilities,
  };
  if (message.type) warning.type = message.type;
  return warning;
}
