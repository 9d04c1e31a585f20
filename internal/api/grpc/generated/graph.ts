import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BudgetAccount as _dago_v1_BudgetAccount, BudgetAccount__Output as _dago_v1_BudgetAccount__Output } from './dago/v1/BudgetAccount.js';
import type { Decision as _dago_v1_Decision, Decision__Output as _dago_v1_Decision__Output } from './dago/v1/Decision.js';
import type { Graph as _dago_v1_Graph, Graph__Output as _dago_v1_Graph__Output } from './dago/v1/Graph.js';
import type { GraphBudget as _dago_v1_GraphBudget, GraphBudget__Output as _dago_v1_GraphBudget__Output } from './dago/v1/GraphBudget.js';
import type { GraphDefaults as _dago_v1_GraphDefaults, GraphDefaults__Output as _dago_v1_GraphDefaults__Output } from './dago/v1/GraphDefaults.js';
import type { GraphError as _dago_v1_GraphError, GraphError__Output as _dago_v1_GraphError__Output } from './dago/v1/GraphError.js';
import type { GraphMetrics as _dago_v1_GraphMetrics, GraphMetrics__Output as _dago_v1_GraphMetrics__Output } from './dago/v1/GraphMetrics.js';
import type { GraphSpec as _dago_v1_GraphSpec, GraphSpec__Output as _dago_v1_GraphSpec__Output } from './dago/v1/GraphSpec.js';
import type { GraphSummary as _dago_v1_GraphSummary, GraphSummary__Output as _dago_v1_GraphSummary__Output } from './dago/v1/GraphSummary.js';
import type { Level as _dago_v1_Level, Level__Output as _dago_v1_Level__Output } from './dago/v1/Level.js';
import type { Node as _dago_v1_Node, Node__Output as _dago_v1_Node__Output } from './dago/v1/Node.js';
import type { NodeError as _dago_v1_NodeError, NodeError__Output as _dago_v1_NodeError__Output } from './dago/v1/NodeError.js';
import type { NodeSpec as _dago_v1_NodeSpec, NodeSpec__Output as _dago_v1_NodeSpec__Output } from './dago/v1/NodeSpec.js';
import type { ParentRef as _dago_v1_ParentRef, ParentRef__Output as _dago_v1_ParentRef__Output } from './dago/v1/ParentRef.js';
import type { RetryPolicy as _dago_v1_RetryPolicy, RetryPolicy__Output as _dago_v1_RetryPolicy__Output } from './dago/v1/RetryPolicy.js';
import type { ScheduleRef as _dago_v1_ScheduleRef, ScheduleRef__Output as _dago_v1_ScheduleRef__Output } from './dago/v1/ScheduleRef.js';
import type { StatusCount as _dago_v1_StatusCount, StatusCount__Output as _dago_v1_StatusCount__Output } from './dago/v1/StatusCount.js';
import type { SubmitWarning as _dago_v1_SubmitWarning, SubmitWarning__Output as _dago_v1_SubmitWarning__Output } from './dago/v1/SubmitWarning.js';
import type { TemplateRef as _dago_v1_TemplateRef, TemplateRef__Output as _dago_v1_TemplateRef__Output } from './dago/v1/TemplateRef.js';
import type { TokenUsage as _dago_v1_TokenUsage, TokenUsage__Output as _dago_v1_TokenUsage__Output } from './dago/v1/TokenUsage.js';
import type { ValidationIssue as _dago_v1_ValidationIssue, ValidationIssue__Output as _dago_v1_ValidationIssue__Output } from './dago/v1/ValidationIssue.js';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue.js';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  dago: {
    v1: {
      BudgetAccount: MessageTypeDefinition<_dago_v1_BudgetAccount, _dago_v1_BudgetAccount__Output>
      Decision: MessageTypeDefinition<_dago_v1_Decision, _dago_v1_Decision__Output>
      Graph: MessageTypeDefinition<_dago_v1_Graph, _dago_v1_Graph__Output>
      GraphBudget: MessageTypeDefinition<_dago_v1_GraphBudget, _dago_v1_GraphBudget__Output>
      GraphDefaults: MessageTypeDefinition<_dago_v1_GraphDefaults, _dago_v1_GraphDefaults__Output>
      GraphError: MessageTypeDefinition<_dago_v1_GraphError, _dago_v1_GraphError__Output>
      GraphMetrics: MessageTypeDefinition<_dago_v1_GraphMetrics, _dago_v1_GraphMetrics__Output>
      GraphSpec: MessageTypeDefinition<_dago_v1_GraphSpec, _dago_v1_GraphSpec__Output>
      GraphStatus: EnumTypeDefinition
      GraphSummary: MessageTypeDefinition<_dago_v1_GraphSummary, _dago_v1_GraphSummary__Output>
      Level: MessageTypeDefinition<_dago_v1_Level, _dago_v1_Level__Output>
      Node: MessageTypeDefinition<_dago_v1_Node, _dago_v1_Node__Output>
      NodeError: MessageTypeDefinition<_dago_v1_NodeError, _dago_v1_NodeError__Output>
      NodeSpec: MessageTypeDefinition<_dago_v1_NodeSpec, _dago_v1_NodeSpec__Output>
      NodeStatus: EnumTypeDefinition
      ParentRef: MessageTypeDefinition<_dago_v1_ParentRef, _dago_v1_ParentRef__Output>
      RetryPolicy: MessageTypeDefinition<_dago_v1_RetryPolicy, _dago_v1_RetryPolicy__Output>
      ScheduleRef: MessageTypeDefinition<_dago_v1_ScheduleRef, _dago_v1_ScheduleRef__Output>
      SkipReason: EnumTypeDefinition
      StatusCount: MessageTypeDefinition<_dago_v1_StatusCount, _dago_v1_StatusCount__Output>
      SubmitWarning: MessageTypeDefinition<_dago_v1_SubmitWarning, _dago_v1_SubmitWarning__Output>
      TemplateRef: MessageTypeDefinition<_dago_v1_TemplateRef, _dago_v1_TemplateRef__Output>
      TokenUsage: MessageTypeDefinition<_dago_v1_TokenUsage, _dago_v1_TokenUsage__Output>
      ValidationIssue: MessageTypeDefinition<_dago_v1_ValidationIssue, _dago_v1_ValidationIssue__Output>
    }
  }
  google: {
    protobuf: {
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
}

