// Which function runs which command. `help` never gets here: the parser answers it.
import type { CommandName } from "../args.js";
import type { CommandContext } from "../context.js";
import { approvalsCommand } from "./approvals.js";
import { assignCommand } from "./assign.js";
import { checkCommand } from "./check.js";
import { cancelCommand, pauseCommand, resumeCommand } from "./control.js";
import { approveCommand, rejectCommand } from "./decide.js";
import { eventsCommand } from "./events.js";
import { listCommand } from "./list.js";
import { patchCommand } from "./patch.js";
import { retryCommand } from "./retry.js";
import { serveCommand, workerCommand } from "./serve.js";
import { statusCommand } from "./status.js";
import { submitCommand } from "./submit.js";
import { validateCommand } from "./validate.js";
import { workersCommand } from "./workers.js";

export type CommandHandler = (ctx: CommandContext) => Promise<number>;

export const COMMAND_HANDLERS: Readonly<Record<Exclude<CommandName, "help">, CommandHandler>> = {
  serve: serveCommand,
  worker: workerCommand,
  submit: submitCommand,
  validate: validateCommand,
  status: statusCommand,
  events: eventsCommand,
  list: listCommand,
  cancel: cancelCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  retry: retryCommand,
  assign: assignCommand,
  patch: patchCommand,
  approve: approveCommand,
  reject: rejectCommand,
  approvals: approvalsCommand,
  workers: workersCommand,
  check: checkCommand,
};
