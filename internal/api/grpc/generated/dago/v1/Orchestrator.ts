// Original file: proto/dago/v1/orchestrator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApproveNodeRequest as _dago_v1_ApproveNodeRequest, ApproveNodeRequest__Output as _dago_v1_ApproveNodeRequest__Output } from '../../dago/v1/ApproveNodeRequest.js';
import type { ApproveNodeResponse as _dago_v1_ApproveNodeResponse, ApproveNodeResponse__Output as _dago_v1_ApproveNodeResponse__Output } from '../../dago/v1/ApproveNodeResponse.js';
import type { AssignNodeRequest as _dago_v1_AssignNodeRequest, AssignNodeRequest__Output as _dago_v1_AssignNodeRequest__Output } from '../../dago/v1/AssignNodeRequest.js';
import type { AssignNodeResponse as _dago_v1_AssignNodeResponse, AssignNodeResponse__Output as _dago_v1_AssignNodeResponse__Output } from '../../dago/v1/AssignNodeResponse.js';
import type { CancelGraphRequest as _dago_v1_CancelGraphRequest, CancelGraphRequest__Output as _dago_v1_CancelGraphRequest__Output } from '../../dago/v1/CancelGraphRequest.js';
import type { CancelGraphResponse as _dago_v1_CancelGraphResponse, CancelGraphResponse__Output as _dago_v1_CancelGraphResponse__Output } from '../../dago/v1/CancelGraphResponse.js';
import type { GetGraphEventsRequest as _dago_v1_GetGraphEventsRequest, GetGraphEventsRequest__Output as _dago_v1_GetGraphEventsRequest__Output } from '../../dago/v1/GetGraphEventsRequest.js';
import type { GetGraphEventsResponse as _dago_v1_GetGraphEventsResponse, GetGraphEventsResponse__Output as _dago_v1_GetGraphEventsResponse__Output } from '../../dago/v1/GetGraphEventsResponse.js';
import type { GetGraphMetricsRequest as _dago_v1_GetGraphMetricsRequest, GetGraphMetricsRequest__Output as _dago_v1_GetGraphMetricsRequest__Output } from '../../dago/v1/GetGraphMetricsRequest.js';
import type { GetGraphMetricsResponse as _dago_v1_GetGraphMetricsResponse, GetGraphMetricsResponse__Output as _dago_v1_GetGraphMetricsResponse__Output } from '../../dago/v1/GetGraphMetricsResponse.js';
import type { GetGraphRequest as _dago_v1_GetGraphRequest, GetGraphRequest__Output as _dago_v1_GetGraphRequest__Output } from '../../dago/v1/GetGraphRequest.js';
import type { GetGraphResponse as _dago_v1_GetGraphResponse, GetGraphResponse__Output as _dago_v1_GetGraphResponse__Output } from '../../dago/v1/GetGraphResponse.js';
import type { ListApprovalsRequest as _dago_v1_ListApprovalsRequest, ListApprovalsRequest__Output as _dago_v1_ListApprovalsRequest__Output } from '../../dago/v1/ListApprovalsRequest.js';
import type { ListApprovalsResponse as _dago_v1_ListApprovalsResponse, ListApprovalsResponse__Output as _dago_v1_ListApprovalsResponse__Output } from '../../dago/v1/ListApprovalsResponse.js';
import type { ListGraphsRequest as _dago_v1_ListGraphsRequest, ListGraphsRequest__Output as _dago_v1_ListGraphsRequest__Output } from '../../dago/v1/ListGraphsRequest.js';
import type { ListGraphsResponse as _dago_v1_ListGraphsResponse, ListGraphsResponse__Output as _dago_v1_ListGraphsResponse__Output } from '../../dago/v1/ListGraphsResponse.js';
import type { ListWorkersRequest as _dago_v1_ListWorkersRequest, ListWorkersRequest__Output as _dago_v1_ListWorkersRequest__Output } from '../../dago/v1/ListWorkersRequest.js';
import type { ListWorkersResponse as _dago_v1_ListWorkersResponse, ListWorkersResponse__Output as _dago_v1_ListWorkersResponse__Output } from '../../dago/v1/ListWorkersResponse.js';
import type { PatchGraphRequest as _dago_v1_PatchGraphRequest, PatchGraphRequest__Output as _dago_v1_PatchGraphRequest__Output } from '../../dago/v1/PatchGraphRequest.js';
import type { PatchGraphResponse as _dago_v1_PatchGraphResponse, PatchGraphResponse__Output as _dago_v1_PatchGraphResponse__Output } from '../../dago/v1/PatchGraphResponse.js';
import type { PauseGraphRequest as _dago_v1_PauseGraphRequest, PauseGraphRequest__Output as _dago_v1_PauseGraphRequest__Output } from '../../dago/v1/PauseGraphRequest.js';
import type { PauseGraphResponse as _dago_v1_PauseGraphResponse, PauseGraphResponse__Output as _dago_v1_PauseGraphResponse__Output } from '../../dago/v1/PauseGraphResponse.js';
import type { RejectNodeRequest as _dago_v1_RejectNodeRequest, RejectNodeRequest__Output as _dago_v1_RejectNodeRequest__Output } from '../../dago/v1/RejectNodeRequest.js';
import type { RejectNodeResponse as _dago_v1_RejectNodeResponse, RejectNodeResponse__Output as _dago_v1_RejectNodeResponse__Output } from '../../dago/v1/RejectNodeResponse.js';
import type { ResumeGraphRequest as _dago_v1_ResumeGraphRequest, ResumeGraphRequest__Output as _dago_v1_ResumeGraphRequest__Output } from '../../dago/v1/ResumeGraphRequest.js';
import type { ResumeGraphResponse as _dago_v1_ResumeGraphResponse, ResumeGraphResponse__Output as _dago_v1_ResumeGraphResponse__Output } from '../../dago/v1/ResumeGraphResponse.js';
import type { RetryNodeRequest as _dago_v1_RetryNodeRequest, RetryNodeRequest__Output as _dago_v1_RetryNodeRequest__Output } from '../../dago/v1/RetryNodeRequest.js';
import type { RetryNodeResponse as _dago_v1_RetryNodeResponse, RetryNodeResponse__Output as _dago_v1_RetryNodeResponse__Output } from '../../dago/v1/RetryNodeResponse.js';
import type { SubmitGraphRequest as _dago_v1_SubmitGraphRequest, SubmitGraphRequest__Output as _dago_v1_SubmitGraphRequest__Output } from '../../dago/v1/SubmitGraphRequest.js';
import type { SubmitGraphResponse as _dago_v1_SubmitGraphResponse, SubmitGraphResponse__Output as _dago_v1_SubmitGraphResponse__Output } from '../../dago/v1/SubmitGraphResponse.js';
import type { ValidateGraphRequest as _dago_v1_ValidateGraphRequest, ValidateGraphRequest__Output as _dago_v1_ValidateGraphRequest__Output } from '../../dago/v1/ValidateGraphRequest.js';
import type { ValidateGraphResponse as _dago_v1_ValidateGraphResponse, ValidateGraphResponse__Output as _dago_v1_ValidateGraphResponse__Output } from '../../dago/v1/ValidateGraphResponse.js';
import type { WatchGraphRequest as _dago_v1_WatchGraphRequest, WatchGraphRequest__Output as _dago_v1_WatchGraphRequest__Output } from '../../dago/v1/WatchGraphRequest.js';
import type { WatchGraphResponse as _dago_v1_WatchGraphResponse, WatchGraphResponse__Output as _dago_v1_WatchGraphResponse__Output } from '../../dago/v1/WatchGraphResponse.js';

/**
 * Submits, inspects, controls and watches graphs. Every call acts for the tenant named by the `x-dago-tenant`
 * metadata ("default" when absent); a graph of another tenant is NOT_FOUND, exactly like one that does not exist.
 * Errors use the codes of docs/ERRORS.md (see error.proto for how they travel).
 */
export interface OrchestratorClient extends grpc.Client {
  /**
   * Approves a node that waits for a decision (an approval node). INVALID_ARGUMENT (validation_failed) when data
   * does not match the node's schema, each problem with its path, e.g. "/data/amount"; FAILED_PRECONDITION
   * (invalid_transition, details[0].code already_decided or not_waiting) unless the node waits; ALREADY_EXISTS
   * (idempotency_conflict) when the idempotency key was used for another decision.
   */
  ApproveNode(argument: _dago_v1_ApproveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  ApproveNode(argument: _dago_v1_ApproveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  ApproveNode(argument: _dago_v1_ApproveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  ApproveNode(argument: _dago_v1_ApproveNodeRequest, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Approves a node that waits for a decision (an approval node). INVALID_ARGUMENT (validation_failed) when data
   * does not match the node's schema, each problem with its path, e.g. "/data/amount"; FAILED_PRECONDITION
   * (invalid_transition, details[0].code already_decided or not_waiting) unless the node waits; ALREADY_EXISTS
   * (idempotency_conflict) when the idempotency key was used for another decision.
   */
  approveNode(argument: _dago_v1_ApproveNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  approveNode(argument: _dago_v1_ApproveNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  approveNode(argument: _dago_v1_ApproveNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  approveNode(argument: _dago_v1_ApproveNodeRequest, callback: grpc.requestCallback<_dago_v1_ApproveNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Pins a node that has not started (pending or ready) to a worker, or unpins it (worker unset).
   * FAILED_PRECONDITION (invalid_transition) once it started or ended; NOT_FOUND for an unknown node.
   */
  AssignNode(argument: _dago_v1_AssignNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  AssignNode(argument: _dago_v1_AssignNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  AssignNode(argument: _dago_v1_AssignNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  AssignNode(argument: _dago_v1_AssignNodeRequest, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Pins a node that has not started (pending or ready) to a worker, or unpins it (worker unset).
   * FAILED_PRECONDITION (invalid_transition) once it started or ended; NOT_FOUND for an unknown node.
   */
  assignNode(argument: _dago_v1_AssignNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  assignNode(argument: _dago_v1_AssignNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  assignNode(argument: _dago_v1_AssignNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  assignNode(argument: _dago_v1_AssignNodeRequest, callback: grpc.requestCallback<_dago_v1_AssignNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Cancels every open node and ends the graph. FAILED_PRECONDITION once it has ended.
   */
  CancelGraph(argument: _dago_v1_CancelGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  CancelGraph(argument: _dago_v1_CancelGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  CancelGraph(argument: _dago_v1_CancelGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  CancelGraph(argument: _dago_v1_CancelGraphRequest, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cancels every open node and ends the graph. FAILED_PRECONDITION once it has ended.
   */
  cancelGraph(argument: _dago_v1_CancelGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  cancelGraph(argument: _dago_v1_CancelGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  cancelGraph(argument: _dago_v1_CancelGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  cancelGraph(argument: _dago_v1_CancelGraphRequest, callback: grpc.requestCallback<_dago_v1_CancelGraphResponse__Output>): grpc.ClientUnaryCall;
  
  GetGraph(argument: _dago_v1_GetGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  GetGraph(argument: _dago_v1_GetGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  GetGraph(argument: _dago_v1_GetGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  GetGraph(argument: _dago_v1_GetGraphRequest, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  getGraph(argument: _dago_v1_GetGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  getGraph(argument: _dago_v1_GetGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  getGraph(argument: _dago_v1_GetGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  getGraph(argument: _dago_v1_GetGraphRequest, callback: grpc.requestCallback<_dago_v1_GetGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One page of a graph's stored events, oldest first.
   */
  GetGraphEvents(argument: _dago_v1_GetGraphEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphEvents(argument: _dago_v1_GetGraphEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphEvents(argument: _dago_v1_GetGraphEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphEvents(argument: _dago_v1_GetGraphEventsRequest, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One page of a graph's stored events, oldest first.
   */
  getGraphEvents(argument: _dago_v1_GetGraphEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  getGraphEvents(argument: _dago_v1_GetGraphEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  getGraphEvents(argument: _dago_v1_GetGraphEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  getGraphEvents(argument: _dago_v1_GetGraphEventsRequest, callback: grpc.requestCallback<_dago_v1_GetGraphEventsResponse__Output>): grpc.ClientUnaryCall;
  
  GetGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  getGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  getGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  getGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  getGraphMetrics(argument: _dago_v1_GetGraphMetricsRequest, callback: grpc.requestCallback<_dago_v1_GetGraphMetricsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's nodes that wait for a decision, oldest first, one page at a time.
   */
  ListApprovals(argument: _dago_v1_ListApprovalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _dago_v1_ListApprovalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _dago_v1_ListApprovalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  ListApprovals(argument: _dago_v1_ListApprovalsRequest, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's nodes that wait for a decision, oldest first, one page at a time.
   */
  listApprovals(argument: _dago_v1_ListApprovalsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _dago_v1_ListApprovalsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _dago_v1_ListApprovalsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  listApprovals(argument: _dago_v1_ListApprovalsRequest, callback: grpc.requestCallback<_dago_v1_ListApprovalsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's graphs, newest first, one page at a time.
   */
  ListGraphs(argument: _dago_v1_ListGraphsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  ListGraphs(argument: _dago_v1_ListGraphsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  ListGraphs(argument: _dago_v1_ListGraphsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  ListGraphs(argument: _dago_v1_ListGraphsRequest, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's graphs, newest first, one page at a time.
   */
  listGraphs(argument: _dago_v1_ListGraphsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  listGraphs(argument: _dago_v1_ListGraphsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  listGraphs(argument: _dago_v1_ListGraphsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  listGraphs(argument: _dago_v1_ListGraphsRequest, callback: grpc.requestCallback<_dago_v1_ListGraphsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The workers heartbeating now.
   */
  ListWorkers(argument: _dago_v1_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _dago_v1_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _dago_v1_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _dago_v1_ListWorkersRequest, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The workers heartbeating now.
   */
  listWorkers(argument: _dago_v1_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _dago_v1_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _dago_v1_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _dago_v1_ListWorkersRequest, callback: grpc.requestCallback<_dago_v1_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Edits a graph that has not ended: adds nodes, adds dependencies to pending nodes, removes nodes that never ran
   * (docs/API.md, "Patches"). INVALID_ARGUMENT (validation_failed) lists every problem with its path into the
   * patch in JSON form, e.g. "/addNodes/0/dependsOn"; ABORTED (version_conflict) when if_version is not the graph's
   * version, with the current one as `currentVersion` in the details; FAILED_PRECONDITION once the graph ended.
   */
  PatchGraph(argument: _dago_v1_PatchGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  PatchGraph(argument: _dago_v1_PatchGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  PatchGraph(argument: _dago_v1_PatchGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  PatchGraph(argument: _dago_v1_PatchGraphRequest, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Edits a graph that has not ended: adds nodes, adds dependencies to pending nodes, removes nodes that never ran
   * (docs/API.md, "Patches"). INVALID_ARGUMENT (validation_failed) lists every problem with its path into the
   * patch in JSON form, e.g. "/addNodes/0/dependsOn"; ABORTED (version_conflict) when if_version is not the graph's
   * version, with the current one as `currentVersion` in the details; FAILED_PRECONDITION once the graph ended.
   */
  patchGraph(argument: _dago_v1_PatchGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  patchGraph(argument: _dago_v1_PatchGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  patchGraph(argument: _dago_v1_PatchGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  patchGraph(argument: _dago_v1_PatchGraphRequest, callback: grpc.requestCallback<_dago_v1_PatchGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * running -> paused: no new node starts; running nodes finish. FAILED_PRECONDITION unless running.
   */
  PauseGraph(argument: _dago_v1_PauseGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  PauseGraph(argument: _dago_v1_PauseGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  PauseGraph(argument: _dago_v1_PauseGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  PauseGraph(argument: _dago_v1_PauseGraphRequest, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * running -> paused: no new node starts; running nodes finish. FAILED_PRECONDITION unless running.
   */
  pauseGraph(argument: _dago_v1_PauseGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  pauseGraph(argument: _dago_v1_PauseGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  pauseGraph(argument: _dago_v1_PauseGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  pauseGraph(argument: _dago_v1_PauseGraphRequest, callback: grpc.requestCallback<_dago_v1_PauseGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Rejects a node that waits for a decision; errors as ApproveNode.
   */
  RejectNode(argument: _dago_v1_RejectNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  RejectNode(argument: _dago_v1_RejectNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  RejectNode(argument: _dago_v1_RejectNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  RejectNode(argument: _dago_v1_RejectNodeRequest, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Rejects a node that waits for a decision; errors as ApproveNode.
   */
  rejectNode(argument: _dago_v1_RejectNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  rejectNode(argument: _dago_v1_RejectNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  rejectNode(argument: _dago_v1_RejectNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  rejectNode(argument: _dago_v1_RejectNodeRequest, callback: grpc.requestCallback<_dago_v1_RejectNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * paused -> running. FAILED_PRECONDITION unless paused.
   */
  ResumeGraph(argument: _dago_v1_ResumeGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  ResumeGraph(argument: _dago_v1_ResumeGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  ResumeGraph(argument: _dago_v1_ResumeGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  ResumeGraph(argument: _dago_v1_ResumeGraphRequest, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * paused -> running. FAILED_PRECONDITION unless paused.
   */
  resumeGraph(argument: _dago_v1_ResumeGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  resumeGraph(argument: _dago_v1_ResumeGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  resumeGraph(argument: _dago_v1_ResumeGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  resumeGraph(argument: _dago_v1_ResumeGraphRequest, callback: grpc.requestCallback<_dago_v1_ResumeGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Runs a failed node (and what its failure cancelled or skipped) again. FAILED_PRECONDITION unless it failed.
   */
  RetryNode(argument: _dago_v1_RetryNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  RetryNode(argument: _dago_v1_RetryNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  RetryNode(argument: _dago_v1_RetryNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  RetryNode(argument: _dago_v1_RetryNodeRequest, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Runs a failed node (and what its failure cancelled or skipped) again. FAILED_PRECONDITION unless it failed.
   */
  retryNode(argument: _dago_v1_RetryNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  retryNode(argument: _dago_v1_RetryNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  retryNode(argument: _dago_v1_RetryNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  retryNode(argument: _dago_v1_RetryNodeRequest, callback: grpc.requestCallback<_dago_v1_RetryNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Validates and starts a graph. INVALID_ARGUMENT lists every validation error in the status details.
   */
  SubmitGraph(argument: _dago_v1_SubmitGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  SubmitGraph(argument: _dago_v1_SubmitGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  SubmitGraph(argument: _dago_v1_SubmitGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  SubmitGraph(argument: _dago_v1_SubmitGraphRequest, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Validates and starts a graph. INVALID_ARGUMENT lists every validation error in the status details.
   */
  submitGraph(argument: _dago_v1_SubmitGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  submitGraph(argument: _dago_v1_SubmitGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  submitGraph(argument: _dago_v1_SubmitGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  submitGraph(argument: _dago_v1_SubmitGraphRequest, callback: grpc.requestCallback<_dago_v1_SubmitGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Validates a graph without submitting it; an invalid graph is an answer here, not an error.
   */
  ValidateGraph(argument: _dago_v1_ValidateGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  ValidateGraph(argument: _dago_v1_ValidateGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  ValidateGraph(argument: _dago_v1_ValidateGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  ValidateGraph(argument: _dago_v1_ValidateGraphRequest, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Validates a graph without submitting it; an invalid graph is an answer here, not an error.
   */
  validateGraph(argument: _dago_v1_ValidateGraphRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  validateGraph(argument: _dago_v1_ValidateGraphRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  validateGraph(argument: _dago_v1_ValidateGraphRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  validateGraph(argument: _dago_v1_ValidateGraphRequest, callback: grpc.requestCallback<_dago_v1_ValidateGraphResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The graph's events after `after` (from the first when empty), then every new one as it happens, each exactly
   * once and in order. The stream ends after the graph's final event (succeeded, failed or cancelled).
   */
  WatchGraph(argument: _dago_v1_WatchGraphRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dago_v1_WatchGraphResponse__Output>;
  WatchGraph(argument: _dago_v1_WatchGraphRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_dago_v1_WatchGraphResponse__Output>;
  /**
   * The graph's events after `after` (from the first when empty), then every new one as it happens, each exactly
   * once and in order. The stream ends after the graph's final event (succeeded, failed or cancelled).
   */
  watchGraph(argument: _dago_v1_WatchGraphRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_dago_v1_WatchGraphResponse__Output>;
  watchGraph(argument: _dago_v1_WatchGraphRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_dago_v1_WatchGraphResponse__Output>;
  
}

/**
 * Submits, inspects, controls and watches graphs. Every call acts for the tenant named by the `x-dago-tenant`
 * metadata ("default" when absent); a graph of another tenant is NOT_FOUND, exactly like one that does not exist.
 * Errors use the codes of docs/ERRORS.md (see error.proto for how they travel).
 */
export interface OrchestratorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Approves a node that waits for a decision (an approval node). INVALID_ARGUMENT (validation_failed) when data
   * does not match the node's schema, each problem with its path, e.g. "/data/amount"; FAILED_PRECONDITION
   * (invalid_transition, details[0].code already_decided or not_waiting) unless the node waits; ALREADY_EXISTS
   * (idempotency_conflict) when the idempotency key was used for another decision.
   */
  ApproveNode: grpc.handleUnaryCall<_dago_v1_ApproveNodeRequest__Output, _dago_v1_ApproveNodeResponse>;
  
  /**
   * Pins a node that has not started (pending or ready) to a worker, or unpins it (worker unset).
   * FAILED_PRECONDITION (invalid_transition) once it started or ended; NOT_FOUND for an unknown node.
   */
  AssignNode: grpc.handleUnaryCall<_dago_v1_AssignNodeRequest__Output, _dago_v1_AssignNodeResponse>;
  
  /**
   * Cancels every open node and ends the graph. FAILED_PRECONDITION once it has ended.
   */
  CancelGraph: grpc.handleUnaryCall<_dago_v1_CancelGraphRequest__Output, _dago_v1_CancelGraphResponse>;
  
  GetGraph: grpc.handleUnaryCall<_dago_v1_GetGraphRequest__Output, _dago_v1_GetGraphResponse>;
  
  /**
   * One page of a graph's stored events, oldest first.
   */
  GetGraphEvents: grpc.handleUnaryCall<_dago_v1_GetGraphEventsRequest__Output, _dago_v1_GetGraphEventsResponse>;
  
  GetGraphMetrics: grpc.handleUnaryCall<_dago_v1_GetGraphMetricsRequest__Output, _dago_v1_GetGraphMetricsResponse>;
  
  /**
   * The tenant's nodes that wait for a decision, oldest first, one page at a time.
   */
  ListApprovals: grpc.handleUnaryCall<_dago_v1_ListApprovalsRequest__Output, _dago_v1_ListApprovalsResponse>;
  
  /**
   * The tenant's graphs, newest first, one page at a time.
   */
  ListGraphs: grpc.handleUnaryCall<_dago_v1_ListGraphsRequest__Output, _dago_v1_ListGraphsResponse>;
  
  /**
   * The workers heartbeating now.
   */
  ListWorkers: grpc.handleUnaryCall<_dago_v1_ListWorkersRequest__Output, _dago_v1_ListWorkersResponse>;
  
  /**
   * Edits a graph that has not ended: adds nodes, adds dependencies to pending nodes, removes nodes that never ran
   * (docs/API.md, "Patches"). INVALID_ARGUMENT (validation_failed) lists every problem with its path into the
   * patch in JSON form, e.g. "/addNodes/0/dependsOn"; ABORTED (version_conflict) when if_version is not the graph's
   * version, with the current one as `currentVersion` in the details; FAILED_PRECONDITION once the graph ended.
   */
  PatchGraph: grpc.handleUnaryCall<_dago_v1_PatchGraphRequest__Output, _dago_v1_PatchGraphResponse>;
  
  /**
   * running -> paused: no new node starts; running nodes finish. FAILED_PRECONDITION unless running.
   */
  PauseGraph: grpc.handleUnaryCall<_dago_v1_PauseGraphRequest__Output, _dago_v1_PauseGraphResponse>;
  
  /**
   * Rejects a node that waits for a decision; errors as ApproveNode.
   */
  RejectNode: grpc.handleUnaryCall<_dago_v1_RejectNodeRequest__Output, _dago_v1_RejectNodeResponse>;
  
  /**
   * paused -> running. FAILED_PRECONDITION unless paused.
   */
  ResumeGraph: grpc.handleUnaryCall<_dago_v1_ResumeGraphRequest__Output, _dago_v1_ResumeGraphResponse>;
  
  /**
   * Runs a failed node (and what its failure cancelled or skipped) again. FAILED_PRECONDITION unless it failed.
   */
  RetryNode: grpc.handleUnaryCall<_dago_v1_RetryNodeRequest__Output, _dago_v1_RetryNodeResponse>;
  
  /**
   * Validates and starts a graph. INVALID_ARGUMENT lists every validation error in the status details.
   */
  SubmitGraph: grpc.handleUnaryCall<_dago_v1_SubmitGraphRequest__Output, _dago_v1_SubmitGraphResponse>;
  
  /**
   * Validates a graph without submitting it; an invalid graph is an answer here, not an error.
   */
  ValidateGraph: grpc.handleUnaryCall<_dago_v1_ValidateGraphRequest__Output, _dago_v1_ValidateGraphResponse>;
  
  /**
   * The graph's events after `after` (from the first when empty), then every new one as it happens, each exactly
   * once and in order. The stream ends after the graph's final event (succeeded, failed or cancelled).
   */
  WatchGraph: grpc.handleServerStreamingCall<_dago_v1_WatchGraphRequest__Output, _dago_v1_WatchGraphResponse>;
  
}

export interface OrchestratorDefinition extends grpc.ServiceDefinition {
  ApproveNode: MethodDefinition<_dago_v1_ApproveNodeRequest, _dago_v1_ApproveNodeResponse, _dago_v1_ApproveNodeRequest__Output, _dago_v1_ApproveNodeResponse__Output>
  AssignNode: MethodDefinition<_dago_v1_AssignNodeRequest, _dago_v1_AssignNodeResponse, _dago_v1_AssignNodeRequest__Output, _dago_v1_AssignNodeResponse__Output>
  CancelGraph: MethodDefinition<_dago_v1_CancelGraphRequest, _dago_v1_CancelGraphResponse, _dago_v1_CancelGraphRequest__Output, _dago_v1_CancelGraphResponse__Output>
  GetGraph: MethodDefinition<_dago_v1_GetGraphRequest, _dago_v1_GetGraphResponse, _dago_v1_GetGraphRequest__Output, _dago_v1_GetGraphResponse__Output>
  GetGraphEvents: MethodDefinition<_dago_v1_GetGraphEventsRequest, _dago_v1_GetGraphEventsResponse, _dago_v1_GetGraphEventsRequest__Output, _dago_v1_GetGraphEventsResponse__Output>
  GetGraphMetrics: MethodDefinition<_dago_v1_GetGraphMetricsRequest, _dago_v1_GetGraphMetricsResponse, _dago_v1_GetGraphMetricsRequest__Output, _dago_v1_GetGraphMetricsResponse__Output>
  ListApprovals: MethodDefinition<_dago_v1_ListApprovalsRequest, _dago_v1_ListApprovalsResponse, _dago_v1_ListApprovalsRequest__Output, _dago_v1_ListApprovalsResponse__Output>
  ListGraphs: MethodDefinition<_dago_v1_ListGraphsRequest, _dago_v1_ListGraphsResponse, _dago_v1_ListGraphsRequest__Output, _dago_v1_ListGraphsResponse__Output>
  ListWorkers: MethodDefinition<_dago_v1_ListWorkersRequest, _dago_v1_ListWorkersResponse, _dago_v1_ListWorkersRequest__Output, _dago_v1_ListWorkersResponse__Output>
  PatchGraph: MethodDefinition<_dago_v1_PatchGraphRequest, _dago_v1_PatchGraphResponse, _dago_v1_PatchGraphRequest__Output, _dago_v1_PatchGraphResponse__Output>
  PauseGraph: MethodDefinition<_dago_v1_PauseGraphRequest, _dago_v1_PauseGraphResponse, _dago_v1_PauseGraphRequest__Output, _dago_v1_PauseGraphResponse__Output>
  RejectNode: MethodDefinition<_dago_v1_RejectNodeRequest, _dago_v1_RejectNodeResponse, _dago_v1_RejectNodeRequest__Output, _dago_v1_RejectNodeResponse__Output>
  ResumeGraph: MethodDefinition<_dago_v1_ResumeGraphRequest, _dago_v1_ResumeGraphResponse, _dago_v1_ResumeGraphRequest__Output, _dago_v1_ResumeGraphResponse__Output>
  RetryNode: MethodDefinition<_dago_v1_RetryNodeRequest, _dago_v1_RetryNodeResponse, _dago_v1_RetryNodeRequest__Output, _dago_v1_RetryNodeResponse__Output>
  SubmitGraph: MethodDefinition<_dago_v1_SubmitGraphRequest, _dago_v1_SubmitGraphResponse, _dago_v1_SubmitGraphRequest__Output, _dago_v1_SubmitGraphResponse__Output>
  ValidateGraph: MethodDefinition<_dago_v1_ValidateGraphRequest, _dago_v1_ValidateGraphResponse, _dago_v1_ValidateGraphRequest__Output, _dago_v1_ValidateGraphResponse__Output>
  WatchGraph: MethodDefinition<_dago_v1_WatchGraphRequest, _dago_v1_WatchGraphResponse, _dago_v1_WatchGraphRequest__Output, _dago_v1_WatchGraphResponse__Output>
}
