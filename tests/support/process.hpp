#pragma once
// Runs a program to completion with the given arguments, environment and standard input, and collects its exit
// status, standard output and standard error. POSIX only (posix_spawn and poll), as the tests that use it are.

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace polyllm_test {

struct process_result {
    int status = -1;  ///< the exit status, or 128 + the signal that ended it
    std::string out;
    std::string err;
};

/// `env` is the whole environment of the child: nothing of the test's own leaks in, so LLM_* variables set by
/// whoever runs the tests cannot change the outcome.
inline process_result run_process(const std::string& program, const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env = {}, const std::string& input = {}) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
        posix_spawn_file_actions_addclose(&actions, fd);

    std::vector<std::string> argv_text{program};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text;
    for (const auto& [k, v] : env) env_text.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (spawned != 0) {
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(err_pipe[0]);
        throw std::runtime_error("cannot start " + program);
    }

    // Feed stdin and drain both outputs together, so that no pipe fills up and blocks the child.
    std::signal(SIGPIPE, SIG_IGN);
    process_result r;
    std::size_t written = 0;
    int stdin_fd = in_pipe[1];
    if (input.empty()) {
        close(stdin_fd);
        stdin_fd = -1;
    }
    bool out_open = true, err_open = true;
    char buf[4096];
    while (out_open || err_open) {
        pollfd fds[3] = {{out_open ? out_pipe[0] : -1, POLLIN, 0},
                         {err_open ? err_pipe[0] : -1, POLLIN, 0},
                         {stdin_fd, POLLOUT, 0}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
            const auto n = write(stdin_fd, input.data() + written, input.size() - written);
            if (n > 0) written += std::size_t(n);
            if (n <= 0 || written == input.size()) {
                close(stdin_fd);
                stdin_fd = -1;
            }
        }
        for (int i = 0; i < 2; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const auto n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) (i == 0 ? r.out : r.err).append(buf, std::size_t(n));
            else (i == 0 ? out_open : err_open) = false;
        }
    }
    if (stdin_fd >= 0) close(stdin_fd);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    return r;
}

}  // namespace polyllm_test
