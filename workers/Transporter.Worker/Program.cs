namespace Transporter.Worker; public static class WorkerProgram { public static void Main() {} }
