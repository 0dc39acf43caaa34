using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Xunit;

namespace BackOffice.Tests.Support;

/// <summary>A test mailbox account on the fixture's Dovecot.</summary>
public sealed record TestMailbox(string User, string Password, int Port);

/// <summary>
/// A real Dovecot IMAP server and a real SMTP listener (python3-aiosmtpd writing a maildir) for one test run, on free
/// loopback ports with a throwaway configuration. As root, Dovecot's login and auth processes run as its own users
/// (dovenull, dovecot) and the mail as the dovecot user, as in research/mail/dovecot-root.conf. Missing packages fail
/// the run with the command that installs them (scripts/mail.sh); never a skip.
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    const string Dovecot = "/usr/sbin/dovecot";
    const string Python = "/usr/bin/python3";
    string _dir = "";
    Process? _smtp;
    int _users;

    public int ImapPort { get; private set; }
    public int SmtpPort { get; private set; }
    /// <summary>Where the SMTP listener stores what it received (a maildir: new/ holds one file per message).</summary>
    public string SmtpMaildir { get; private set; } = "";
    string PasswdFile => Path.Combine(_dir, "passwd");
    string ConfigFile => Path.Combine(_dir, "dovecot.conf");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Dovecot))
            throw new InvalidOperationException("Dovecot is not installed (/usr/sbin/dovecot). The mail tests need a real IMAP server: " +
                                                "run ./test.sh (scripts/mail.sh installs it) or `apt-get install dovecot-imapd python3-aiosmtpd`.");
        _dir = Path.Combine(Path.GetTempPath(), $"backoffice-test-mail-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "mail"));
        File.WriteAllText(PasswdFile, "");
        ImapPort = FreePort();
        await File.WriteAllTextAsync(ConfigFile, Config());
        if (IsRoot)
        {
            await RunAsync("chmod", "755", _dir);
            await RunAsync("chmod", "644", PasswdFile);
            await RunAsync("chown", "dovecot:dovecot", Path.Combine(_dir, "mail"));
        }
        await RunAsync(Dovecot, "-c", ConfigFile);
        await WaitForPortAsync(ImapPort, "Dovecot", Path.Combine(_dir, "dovecot.log"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopDovecot();
        await StartSmtpAsync();
    }

    async Task StartSmtpAsync()
    {
        if (!File.Exists(Python) || !await HasAiosmtpdAsync())
            throw new InvalidOperationException("python3-aiosmtpd is not installed. The mail tests need a real SMTP listener: " +
                                                "run ./test.sh (scripts/mail.sh installs it) or `apt-get install python3-aiosmtpd`.");
        SmtpPort = FreePort();
        SmtpMaildir = Path.Combine(_dir, "smtp"); // aiosmtpd makes the maildir (new/, cur/, tmp/) only when the folder is absent
        _smtp = StartSmtpProcess(SmtpPort, SmtpMaildir);
        await WaitForPortAsync(SmtpPort, "aiosmtpd", null);
    }

    /// <summary>Stops the SMTP listener (the "server down" case); <see cref="StartSmtpAgainAsync"/> brings it back on the same port.</summary>
    public void StopSmtp()
    {
        if (_smtp is { HasExited: false }) { _smtp.Kill(entireProcessTree: true); _smtp.WaitForExit(10_000); }
    }

    public async Task StartSmtpAgainAsync()
    {
        StopSmtp();
        _smtp = StartSmtpProcess(SmtpPort, SmtpMaildir);
        await WaitForPortAsync(SmtpPort, "aiosmtpd", null);
    }

    static Process StartSmtpProcess(int port, string maildir)
    {
        var psi = new ProcessStartInfo(Python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    static async Task<bool> HasAiosmtpdAsync()
    {
        var psi = new ProcessStartInfo(Python, ["-c", "import aiosmtpd"]) { UseShellExecute = false, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        await p.WaitForExitAsync();
        return p.ExitCode == 0;
    }

    /// <summary>A fresh, empty mailbox (its own user), so that tests do not see each other's mail.</summary>
    public TestMailbox NewMailbox()
    {
        var user = $"support{Interlocked.Increment(ref _users)}@test.example";
        lock (this) File.AppendAllText(PasswdFile, $"{user}:{{PLAIN}}secret\n");
        return new TestMailbox(user, "secret", ImapPort);
    }

    public async Task<ImapClient> ConnectAsync(TestMailbox box)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", box.Port, SecureSocketOptions.None);
        await imap.AuthenticateAsync(box.User, box.Password);
        return imap;
    }

    /// <summary>Delivers raw messages into the mailbox's INBOX byte for byte, the way a local delivery agent does: a file
    /// per message in the maildir's new/ (an IMAP APPEND through MimeKit would re-serialise broken messages).</summary>
    public async Task DeliverAsync(TestMailbox box, IEnumerable<byte[]> messages)
    {
        var maildir = Path.Combine(_dir, "mail", box.User, "Maildir");
        if (!Directory.Exists(Path.Combine(maildir, "new")))
        {
            using var imap = await ConnectAsync(box); // the first login makes the maildir, owned by the mail user
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
            await imap.DisconnectAsync(true);
        }
        var n = 0;
        foreach (var raw in messages)
        {
            var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.M{Interlocked.Increment(ref _delivered)}P{Environment.ProcessId}.test{n++}";
            var tmp = Path.Combine(maildir, "tmp", name);
            await File.WriteAllBytesAsync(tmp, raw);
            if (IsRoot && !OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(tmp, Path.Combine(maildir, "new", name));
        }
    }

    long _delivered;

    public async Task<(int Inbox, int Processed)> CountAsync(TestMailbox box)
    {
        using var imap = await ConnectAsync(box);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var inbox = imap.Inbox.Count;
        var processed = 0;
        try
        {
            var folder = await imap.GetFolderAsync("Processed");
            await folder.OpenAsync(FolderAccess.ReadOnly);
            processed = folder.Count;
        }
        catch (FolderNotFoundException)
        {
        }
        await imap.DisconnectAsync(true);
        return (inbox, processed);
    }

    /// <summary>The messages the SMTP listener has received so far, raw.</summary>
    public IReadOnlyList<MimeMessage> Received()
    {
        var folder = Path.Combine(SmtpMaildir, "new");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();
    }

    public void ClearReceived()
    {
        var folder = Path.Combine(SmtpMaildir, "new");
        if (Directory.Exists(folder)) foreach (var f in Directory.GetFiles(folder)) File.Delete(f);
    }

    public ValueTask DisposeAsync()
    {
        StopSmtp();
        StopDovecot();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    void StopDovecot()
    {
        if (!File.Exists(ConfigFile)) return;
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Dovecot, ["-c", ConfigFile, "stop"]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
            p?.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    string Config()
    {
        var user = Environment.UserName;
        var (internalUser, internalGroup, loginUser, mailUser, firstUid) = IsRoot
            ? ("dovecot", "dovecot", "dovenull", "dovecot", "100")
            : (user, user, user, user, "0");
        return $$"""
            # Throwaway Dovecot 2.3 for one test run: loopback only, plaintext auth, maildir.
            instance_name = backoffice-test-{{Environment.ProcessId}}-{{ImapPort}}
            base_dir = {{_dir}}/run
            state_dir = {{_dir}}/state
            log_path = {{_dir}}/dovecot.log
            info_log_path = {{_dir}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            login_trusted_networks = 127.0.0.1
            default_internal_user = {{internalUser}}
            default_internal_group = {{internalGroup}}
            default_login_user = {{loginUser}}
            first_valid_uid = {{firstUid}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{PasswdFile}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{_dir}}/mail/%u
            }
            mail_location = maildir:~/Maildir
            namespace inbox {
              inbox = yes
              separator = /
              mailbox Processed {
                auto = create
              }
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            service stats {
              chroot =
            }
            """;
    }

    static bool IsRoot => Environment.UserName == "root";

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static async Task WaitForPortAsync(int port, string what, string? log)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        var tail = log is not null && File.Exists(log) ? File.ReadAllText(log) : "";
        throw new InvalidOperationException($"{what} did not start listening on 127.0.0.1:{port}. {tail}");
    }

    static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await err}{await output}");
    }
}
