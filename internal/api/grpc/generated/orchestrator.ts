import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddedDependencies as _dago_v1_AddedDependencies, AddedDependencies__Output as _dago_v1_AddedDependencies__Output } from './dago/v1/AddedDependencies.js';
import type { ApproveNodeRequest as _dago_v1_ApproveNodeRequest, ApproveNodeRequest__Output as _dago_v1_ApproveNodeRequest__Output } from './dago/v1/ApproveNodeRequest.js';
import type { ApproveNodeResponse as _dago_v1_ApproveNodeResponse, ApproveNodeResponse__Output as _dago_v1_ApproveNodeResponse__Output } from './dago/v1/ApproveNodeResponse.js';
import type { AssignNodeRequest as _dago_v1_AssignNodeRequest, AssignNodeRequest__Output as _dago_v1_AssignNodeRequest__Output } from './dago/v1/AssignNodeRequest.js';
import type { AssignNodeResponse as _dago_v1_AssignNodeResponse, AssignNodeResponse__Output as _dago_v1_AssignNodeResponse__Output } from './dago/v1/AssignNodeResponse.js';
import type { BudgetAccount as _dago_v1_BudgetAccount, BudgetAccount__Output as _dago_v1_BudgetAccount__Output } from './dago/v1/BudgetAccount.js';
import type { CancelGraphRequest as _dago_v1_CancelGraphRequest, CancelGraphRequest__Output as _dago_v1_CancelGraphRequest__Output } from './dago/v1/CancelGraphRequest.js';
import type { CancelGraphResponse as _dago_v1_CancelGraphResponse, CancelGraphResponse__Output as _dago_v1_CancelGraphResponse__Output } from './dago/v1/CancelGraphResponse.js';
import type { Decision as _dago_v1_Decision, Decision__Output as _dago_v1_Decision__Output } from './dago/v1/Decision.js';
import type { Event as _dago_v1_Event, Event__Output as _dago_v1_Event__Output } from './dago/v1/Event.js';
import type { GetGraphEventsRequest as _dago_v1_GetGraphEventsRequest, GetGraphEventsRequest__Output as _dago_v1_GetGraphEventsRequest__Output } from './dago/v1/GetGraphEventsRequest.js';
import type { GetGraphEventsResponse as _dago_v1_GetGraphEventsResponse, GetGraphEventsResponse__Output as _dago_v1_GetGraphEventsResponse__Output } from './dago/v1/GetGraphEventsResponse.js';
import type { GetGraphMetricsRequest as _dago_v1_GetGraphMetricsRequest, GetGraphMetricsRequest__Output as _dago_v1_GetGraphMetricsRequest__Output } from './dago/v1/GetGraphMetricsRequest.js';
import type { GetGraphMetricsResponse as _dago_v1_GetGraphMetricsResponse, GetGraphMetricsResponse__Output as _dago_v1_GetGraphMetricsResponse__Output } from './dago/v1/GetGraphMetricsResponse.js';
import type { GetGraphRequest as _dago_v1_GetGraphRequest, GetGraphRequest__Output as _dago_v1_GetGraphRequest__Output } from './dago/v1/GetGraphRequest.js';
import type { GetGraphResponse as _dago_v1_GetGraphResponse, GetGraphResponse__Output as _dago_v1_GetGraphResponse__Output } from './dago/v1/GetGraphResponse.js';
import type { Graph as _dago_v1_Graph, Graph__Output as _dago_v1_Graph__Output } from './dago/v1/Graph.js';
import type { GraphBudget as _dago_v1_GraphBudget, GraphBudget__Output as _dago_v1_GraphBudget__Output } from './dago/v1/GraphBudget.js';
import type { GraphDefaults as _dago_v1_GraphDefaults, GraphDefaults__Output as _dago_v1_GraphDefaults__Output } from './dago/v1/GraphDefaults.js';
import type { GraphError as _dago_v1_GraphError, GraphError__Output as _dago_v1_GraphError__Output } from './dago/v1/GraphError.js';
import type { GraphMetrics as _dago_v1_GraphMetrics, GraphMetrics__Output as _dago_v1_GraphMetrics__Output } from './dago/v1/GraphMetrics.js';
import type { GraphSpec as _dago_v1_GraphSpec, GraphSpec__Output as _dago_v1_GraphSpec__Output } from './dago/v1/GraphSpec.js';
import type { GraphSummary as _dago_v1_GraphSummary, GraphSummary__Output as _dago_v1_GraphSummary__Output } from './dago/v1/GraphSummary.js';
import type { Level as _dago_v1_Level, Level__Output as _dago_v1_Level__Output } from './dago/v1/Level.js';
import type { ListApprovalsRequest as _dago_v1_ListApprovalsRequest, ListApprovalsRequest__Output as _dago_v1_ListApprovalsRequest__Output } from './dago/v1/ListApprovalsRequest.js';
import type { ListApprovalsResponse as _dago_v1_ListApprovalsResponse, ListApprovalsResponse__Output as _dago_v1_ListApprovalsResponse__Output } from './dago/v1/ListApprovalsResponse.js';
import type { ListGraphsRequest as _dago_v1_ListGraphsRequest, ListGraphsRequest__Output as _dago_v1_ListGraphsRequest__Output } from './dago/v1/ListGraphsRequest.js';
import type { ListGraphsResponse as _dago_v1_ListGraphsResponse, ListGraphsResponse__Output as _dago_v1_ListGraphsResponse__Output } from './dago/v1/ListGraphsResponse.js';
import type { ListWorkersRequest as _dago_v1_ListWorkersRequest, ListWorkersRequest__Output as _dago_v1_ListWorkersRequest__Output } from './dago/v1/ListWorkersRequest.js';
import type { ListWorkersResponse as _dago_v1_ListWorkersResponse, ListWorkersResponse__Output as _dago_v1_ListWorkersResponse__Output } from './dago/v1/ListWorkersResponse.js';
import type { Node as _dago_v1_Node, Node__Output as _dago_v1_Node__Output } from './dago/v1/Node.js';
import type { NodeError as _dago_v1_NodeError, NodeError__Output as _dago_v1_NodeError__Output } from './dago/v1/NodeError.js';
import type { NodeSpec as _dago_v1_NodeSpec, NodeSpec__Output as _dago_v1_NodeSpec__Output } from './dago/v1/NodeSpec.js';
import type { OrchestratorClient as _dago_v1_OrchestratorClient, OrchestratorDefinition as _dago_v1_OrchestratorDefinition } from './dago/v1/Orchestrator.js';
import type { ParentRef as _dago_v1_ParentRef, ParentRef__Output as _dago_v1_ParentRef__Output } from './dago/v1/ParentRef.js';
import type { PatchGraphRequest as _dago_v1_PatchGraphRequest, PatchGraphRequest__Output as _dago_v1_PatchGraphRequest__Output } from './dago/v1/PatchGraphRequest.js';
import type { PatchGraphResponse as _dago_v1_PatchGraphResponse, PatchGraphResponse__Output as _dago_v1_PatchGraphResponse__Output } from './dago/v1/PatchGraphResponse.js';
import type { PauseGraphRequest as _dago_v1_PauseGraphRequest, PauseGraphRequest__Output as _dago_v1_PauseGraphRequest__Output } from './dago/v1/PauseGraphRequest.js';
import type { PauseGraphResponse as _dago_v1_PauseGraphResponse, PauseGraphResponse__Output as _dago_v1_PauseGraphResponse__Output } from './dago/v1/PauseGraphResponse.js';
import type { RejectNodeRequest as _dago_v1_RejectNodeRequest, RejectNodeRequest__Output as _dago_v1_RejectNodeRequest__Output } from './dago/v1/RejectNodeRequest.js';
import type { RejectNodeResponse as _dago_v1_RejectNodeResponse, RejectNodeResponse__Output as _dago_v1_RejectNodeResponse__Output } from './dago/v1/RejectNodeResponse.js';
import type { ResumeGraphRequest as _dago_v1_ResumeGraphRequest, ResumeGraphRequest__Output as _dago_v1_ResumeGraphRequest__Output } from './dago/v1/ResumeGraphRequest.js';
import type { ResumeGraphResponse as _dago_v1_ResumeGraphResponse, ResumeGraphResponse__Output as _dago_v1_ResumeGraphResponse__Output } from './dago/v1/ResumeGraphResponse.js';
import type { RetryNodeRequest as _dago_v1_RetryNodeRequest, RetryNodeRequest__Output as _dago_v1_RetryNodeRequest__Output } from './dago/v1/RetryNodeRequest.js';
import type { RetryNodeResponse as _dago_v1_RetryNodeResponse, RetryNodeResponse__Output as _dago_v1_RetryNodeResponse__Output } from './dago/v1/RetryNodeResponse.js';
import type { RetryPolicy as _dago_v1_RetryPolicy, RetryPolicy__Output as _dago_v1_RetryPolicy__Output } from './dago/v1/RetryPolicy.js';
import type { ScheduleRef as _dago_v1_ScheduleRef, ScheduleRef__Output as _dago_v1_ScheduleRef__Output } from './dago/v1/ScheduleRef.js';
import type { StatusCount as _dago_v1_StatusCount, StatusCount__Output as _dago_v1_StatusCount__Output } from './dago/v1/StatusCount.js';
import type { SubmitGraphRequest as _dago_v1_SubmitGraphRequest, SubmitGraphRequest__Output as _dago_v1_SubmitGraphRequest__Output } from './dago/v1/SubmitGraphRequest.js';
import type { SubmitGraphResponse as _dago_v1_SubmitGraphResponse, SubmitGraphResponse__Output as _dago_v1_SubmitGraphResponse__Output } from './dago/v1/SubmitGraphResponse.js';
import type { SubmitWarning as _dago_v1_SubmitWarning, SubmitWarning__Output as _dago_v1_SubmitWarning__Output } from './dago/v1/SubmitWarning.js';
import type { TemplateRef as _dago_v1_TemplateRef, TemplateRef__Output as _dago_v1_TemplateRef__Output } from './dago/v1/TemplateRef.js';
import type { TokenUsage as _dago_v1_TokenUsage, TokenUsage__Output as _dago_v1_TokenUsage__Output } from './dago/v1/TokenUsage.js';
import type { ValidateGraphRequest as _dago_v1_ValidateGraphRequest, ValidateGraphRequest__Output as _dago_v1_ValidateGraphRequest__Output } from './dago/v1/ValidateGraphRequest.js';
import type { ValidateGraphResponse as _dago_v1_ValidateGraphResponse, ValidateGraphResponse__Output as _dago_v1_ValidateGraphResponse__Output } from './dago/v1/ValidateGraphResponse.js';
import type { ValidationIssue as _dago_v1_ValidationIssue, ValidationIssue__Output as _dago_v1_ValidationIssue__Output } from './dago/v1/ValidationIssue.js';
import type { WaitingApproval as _dago_v1_WaitingApproval, WaitingApproval__Output as _dago_v1_WaitingApproval__Output } from './dago/v1/WaitingApproval.js';
import type { WatchGraphRequest as _dago_v1_WatchGraphRequest, WatchGraphRequest__Output as _dago_v1_WatchGraphRequest__Output } from './dago/v1/WatchGraphRequest.js';
import type { WatchGraphResponse as _dago_v1_WatchGraphResponse, WatchGraphResponse__Output as _dago_v1_WatchGraphResponse__Output } from './dago/v1/WatchGraphResponse.js';
import type { Worker as _dago_v1_Worker, Worker__Output as _dago_v1_Worker__Output } from './dago/v1/Worker.js';
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
      AddedDependencies: MessageTypeDefinition<_dago_v1_AddedDependencies, _dago_v1_AddedDependencies__Output>
      ApproveNodeRequest: MessageTypeDefinition<_dago_v1_ApproveNodeRequest, _dago_v1_ApproveNodeRequest__Output>
      ApproveNodeResponse: MessageTypeDefinition<_dago_v1_ApproveNodeResponse, _dago_v1_ApproveNodeResponse__Output>
      AssignNodeRequest: MessageTypeDefinition<_dago_v1_AssignNodeRequest, _dago_v1_AssignNodeRequest__Output>
      AssignNodeResponse: MessageTypeDefinition<_dago_v1_AssignNodeResponse, _dago_v1_AssignNodeResponse__Output>
      BudgetAccount: MessageTypeDefinition<_dago_v1_BudgetAccount, _dago_v1_BudgetAccount__Output>
      CancelGraphRequest: MessageTypeDefinition<_dago_v1_CancelGraphRequest, _dago_v1_CancelGraphRequest__Output>
      CancelGraphResponse: MessageTypeDefinition<_dago_v1_CancelGraphResponse, _dago_v1_CancelGraphResponse__Output>
      Decision: MessageTypeDefinition<_dago_v1_Decision, _dago_v1_Decision__Output>
      Event: MessageTypeDefinition<_dago_v1_Event, _dago_v1_Event__Output>
      EventType: EnumTypeDefinition
      GetGraphEventsRequest: MessageTypeDefinition<_dago_v1_GetGraphEventsRequest, _dago_v1_GetGraphEventsRequest__Output>
      GetGraphEventsResponse: MessageTypeDefinition<_dago_v1_GetGraphEventsResponse, _dago_v1_GetGraphEventsResponse__Output>
      GetGraphMetricsRequest: MessageTypeDefinition<_dago_v1_GetGraphMetricsRequest, _dago_v1_GetGraphMetricsRequest__Output>
      GetGraphMetricsResponse: MessageTypeDefinition<_dago_v1_GetGraphMetricsResponse, _dago_v1_GetGraphMetricsResponse__Output>
      GetGraphRequest: MessageTypeDefinition<_dago_v1_GetGraphRequest, _dago_v1_GetGraphRequest__Output>
      GetGraphResponse: MessageTypeDefinition<_dago_v1_GetGraphResponse, _dago_v1_GetGraphResponse__Output>
      Graph: MessageTypeDefinition<_dago_v1_Graph, _dago_v1_Graph__Output>
      GraphBudget: MessageTypeDefinition<_dago_v1_GraphBudget, _dago_v1_GraphBudget__Output>
      GraphDefaults: MessageTypeDefinition<_dago_v1_GraphDefaults, _dago_v1_GraphDefaults__Output>
      GraphError: MessageTypeDefinition<_dago_v1_GraphError, _dago_v1_GraphError__Output>
      GraphMetrics: MessageTypeDefinition<_dago_v1_GraphMetrics, _dago_v1_GraphMetrics__Output>
      GraphSpec: MessageTypeDefinition<_dago_v1_GraphSpec, _dago_v1_GraphSpec__Output>
      GraphStatus: EnumTypeDefinition
      GraphSummary: MessageTypeDefinition<_dago_v1_GraphSummary, _dago_v1_GraphSummary__Output>
      Level: MessageTypeDefinition<_dago_v1_Level, _dago_v1_Level__Output>
      ListApprovalsRequest: MessageTypeDefinition<_dago_v1_ListApprovalsRequest, _dago_v1_ListApprovalsRequest__Output>
      ListApprovalsResponse: MessageTypeDefinition<_dago_v1_ListApprovalsResponse, _dago_v1_ListApprovalsResponse__Output>
      ListGraphsRequest: MessageTypeDefinition<_dago_v1_ListGraphsRequest, _dago_v1_ListGraphsRequest__Output>
      ListGraphsResponse: MessageTypeDefinition<_dago_v1_ListGraphsResponse, _dago_v1_ListGraphsResponse__Output>
      ListWorkersRequest: MessageTypeDefinition<_dago_v1_ListWorkersRequest, _dago_v1_ListWorkersRequest__Output>
      ListWorkersResponse: MessageTypeDefinition<_dago_v1_ListWorkersResponse, _dago_v1_ListWorkersResponse__Output>
      Node: MessageTypeDefinition<_dago_v1_Node, _dago_v1_Node__Output>
      NodeError: MessageTypeDefinition<_dago_v1_NodeError, _dago_v1_NodeError__Output>
      NodeSpec: MessageTypeDefinition<_dago_v1_NodeSpec, _dago_v1_NodeSpec__Output>
      NodeStatus: EnumTypeDefinition
      /**
       * Submits, inspects, controls and watches graphs. Every call acts for the tenant named by the `x-dago-tenant`
       * metadata ("default" when absent); a graph of another tenant is NOT_FOUND, exactly like one that does not exist.
       * Errors use the codes of docs/ERRORS.md (see error.proto for how they travel).
       */
      Orchestrator: SubtypeConstructor<typeof grpc.Client, _dago_v1_OrchestratorClient> & { service: _dago_v1_OrchestratorDefinition }
      ParentRef: MessageTypeDefinition<_dago_v1_ParentRef, _dago_v1_ParentRef__Output>
      PatchGraphRequest: MessageTypeDefinition<_dago_v1_PatchGraphRequest, _dago_v1_PatchGraphRequest__Output>
      PatchGraphResponse: MessageTypeDefinition<_dago_v1_PatchGraphResponse, _dago_v1_PatchGraphResponse__Output>
      PauseGraphRequest: MessageTypeDefinition<_dago_v1_PauseGraphRequest, _dago_v1_PauseGraphRequest__Output>
      PauseGraphResponse: MessageTypeDefinition<_dago_v1_PauseGraphResponse, _dago_v1_PauseGraphResponse__Output>
      RejectNodeRequest: MessageTypeDefinition<_dago_v1_RejectNodeRequest, _dago_v1_RejectNodeRequest__Output>
      RejectNodeResponse: MessageTypeDefinition<_dago_v1_RejectNodeResponse, _dago_v1_RejectNodeResponse__Output>
      ResumeGraphRequest: MessageTypeDefinition<_dago_v1_ResumeGraphRequest, _dago_v1_ResumeGraphRequest__Output>
      ResumeGraphResponse: MessageTypeDefinition<_dago_v1_ResumeGraphResponse, _dago_v1_ResumeGraphResponse__Output>
      RetryNodeRequest: MessageTypeDefinition<_dago_v1_RetryNodeRequest, _dago_v1_RetryNodeRequest__Output>
      RetryNodeResponse: MessageTypeDefinition<_dago_v1_RetryNodeResponse, _dago_v1_RetryNodeResponse__Output>
      RetryPolicy: MessageTypeDefinition<_dago_v1_RetryPolicy, _dago_v1_RetryPolicy__Output>
      ScheduleRef: MessageTypeDefinition<_dago_v1_ScheduleRef, _dago_v1_ScheduleRef__Output>
      SkipReason: EnumTypeDefinition
      StatusCount: MessageTypeDefinition<_dago_v1_StatusCount, _dago_v1_StatusCount__Output>
      SubmitGraphRequest: MessageTypeDefinition<_dago_v1_SubmitGraphRequest, _dago_v1_SubmitGraphRequest__Output>
      SubmitGraphResponse: MessageTypeDefinition<_dago_v1_SubmitGraphResponse, _dago_v1_SubmitGraphResponse__Output>
      SubmitWarning: MessageTypeDefinition<_dago_v1_SubmitWarning, _dago_v1_SubmitWarning__Output>
      TemplateRef: MessageTypeDefinition<_dago_v1_TemplateRef, _dago_v1_TemplateRef__Output>
      TokenUsage: MessageTypeDefinition<_dago_v1_TokenUsage, _dago_v1_TokenUsage__Output>
      ValidateGraphRequest: MessageTypeDefinition<_dago_v1_ValidateGraphRequest, _dago_v1_ValidateGraphRequest__Output>
      ValidateGraphResponse: MessageTypeDefinition<_dago_v1_ValidateGraphResponse, _dago_v1_ValidateGraphResponse__Output>
      ValidationIssue: MessageTypeDefinition<_dago_v1_ValidationIssue, _dago_v1_ValidationIssue__Output>
      WaitingApproval: MessageTypeDefinition<_dago_v1_WaitingApproval, _dago_v1_WaitingApproval__Output>
      WatchGraphRequest: MessageTypeDefinition<_dago_v1_WatchGraphRequest, _dago_v1_WatchGraphRequest__Output>
      WatchGraphResponse: MessageTypeDefinition<_dago_v1_WatchGraphResponse, _dago_v1_WatchGraphResponse__Output>
      Worker: MessageTypeDefinition<_dago_v1_Worker, _dago_v1_Worker__Output>
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

