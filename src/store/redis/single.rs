//! One connection to one Redis server, over TCP or a unix socket, speaking RESP (`resp`)
//! directly: one write per request and, for the small replies the store gets, one read.
//!
//! Every blocking write and read is bounded by the call's deadline through the socket's own
//! timeouts (`SO_SNDTIMEO`, `SO_RCVTIMEO`). Setting one is a system call, so they are not set
//! per call: a timeout is lowered only when it is longer than what is left of the deadline (to
//! somewhat less, so that the next calls need not lower it again), and a write or read that
//! times out before the deadline is tried again for exactly what is left. So a call never
//! waits past its deadline (give or take the kernel's timer tick), never gives up before it,
//! and a connection to a Redis that answers in time sets each timeout once.

use std::io::{self, Read};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use redis::{ConnectionAddr, ConnectionInfo};
use rustix::net::{send, SendFlags};

use super::link::{Deadline, Failure};
use super::resp::{self, Reply};

/// What the read buffer starts with, and shrinks back to after a large reply.
const BUFFER: usize = 4096;

pub struct Single {
    stream: Stream,
    /// The store's whole timeout: how much room a lowered socket timeout leaves.
    timeout: Duration,
    input: Vec<u8>,
    /// `input[start..filled]` is read and not yet parsed.
    start: usize,
    filled: usize,
    output: Vec<u8>,
    /// The socket's timeouts as set (`None`: none yet, so it would wait for ever).
    write_wait: Option<Duration>,
    read_wait: Option<Duration>,
}

enum Stream {
    Tcp(TcpStream),
    Unix(UnixStream),
}

#[derive(Clone, Copy)]
enum Way {
    Write,
    Read,
}

impl Single {
    /// Connects, and authenticates and selects the database if the URL asks for it.
    pub fn open(
        info: &ConnectionInfo,
        timeout: Duration,
        deadline: &Deadline,
    ) -> Result<Self, Failure> {
        let stream = match info.addr() {
            ConnectionAddr::Tcp(host, port) => {
                let mut last = None;
                let mut connected = None;
                for address in (host.as_str(), *port).to_socket_addrs()? {
                    match TcpStream::connect_timeout(&address, deadline.left()?) {
                        Ok(stream) => {
                            connected = Some(stream);
                            break;
                        }
                        Err(error) => last = Some(error),
                    }
                }
                let stream = connected.ok_or_else(|| {
                    last.unwrap_or_else(|| io::Error::other("the host has no address"))
                })?;
                stream.set_nodelay(true)?;
                Stream::Tcp(stream)
            }
            ConnectionAddr::Unix(path) => Stream::Unix(UnixStream::connect(path)?),
            _ => return Err(Failure::Reply("an address this build cannot reach")),
        };
        let mut single = Self {
            stream,
            timeout,
            input: vec![0; BUFFER],
            start: 0,
            filled: 0,
            output: Vec::with_capacity(256),
            write_wait: None,
            read_wait: None,
        };
        let settings = info.redis_settings();
        let mut hello: Vec<Vec<&[u8]>> = Vec::new();
        if let Some(password) = settings.password() {
            let mut auth: Vec<&[u8]> = vec![b"AUTH"];
            auth.extend(settings.username().map(str::as_bytes));
            auth.push(password.as_bytes());
            hello.push(auth);
        }
        let db = settings.db().to_string();
        if settings.db() != 0 {
            hello.push(vec![b"SELECT", db.as_bytes()]);
        }
        if !hello.is_empty() {
            let commands: Vec<&[&[u8]]> = hello.iter().map(Vec::as_slice).collect();
            for reply in single.round_trip(deadline, &commands)? {
                match reply {
                    Reply::Status => {}
                    Reply::Error(error) => return Err(Failure::Server(error)),
                    _ => return Err(Failure::Reply("not OK to AUTH or SELECT")),
                }
            }
        }
        Ok(single)
    }

    /// Sends `commands` in one write and reads one reply to each.
    pub fn round_trip(
        &mut self,
        deadline: &Deadline,
        commands: &[&[&[u8]]],
    ) -> Result<Vec<Reply>, Failure> {
        self.output.clear();
        for command in commands {
            resp::encode(&mut self.output, command);
        }
        self.send(deadline)?;
        let mut replies = Vec::with_capacity(commands.len());
        for _ in commands {
            replies.push(self.reply(deadline)?);
        }
        if self.start != self.filled {
            // Redis answers each command once: more is not Redis, or a reply to something
            // else, and the connection is dropped with the error.
            return Err(Failure::Reply("more than the replies asked for"));
        }
        (self.start, self.filled) = (0, 0);
        if self.input.len() > BUFFER {
            self.input = vec![0; BUFFER];
        }
        Ok(replies)
    }

    fn send(&mut self, deadline: &Deadline) -> Result<(), Failure> {
        let mut sent = 0;
        let mut exact = false;
        while sent < self.output.len() {
            self.bound(Way::Write, deadline, exact)?;
            // MSG_NOSIGNAL: a closed connection is an error here, not a SIGPIPE for PHP.
            match send(
                self.stream.as_fd(),
                &self.output[sent..],
                SendFlags::NOSIGNAL,
            ) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero).into()),
                Ok(n) => sent += n,
                Err(error) => exact = self.retry(io::Error::from(error))?,
            }
        }
        Ok(())
    }

    fn reply(&mut self, deadline: &Deadline) -> Result<Reply, Failure> {
        let mut exact = false;
        loop {
            match resp::parse(&self.input[self.start..self.filled]) {
                Err(not) => return Err(Failure::Reply(not.0)),
                Ok(Some((reply, used))) => {
                    self.start += used;
                    return Ok(reply);
                }
                Ok(None) => {}
            }
            if self.filled == self.input.len() {
                if self.start > 0 {
                    self.input.copy_within(self.start..self.filled, 0);
                    (self.filled, self.start) = (self.filled - self.start, 0);
                } else {
                    self.input.resize(self.input.len() * 2, 0);
                }
            }
            self.bound(Way::Read, deadline, exact)?;
            match self.stream.read(&mut self.input[self.filled..]) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "Redis closed the connection",
                    )
                    .into())
                }
                Ok(n) => self.filled += n,
                Err(error) => exact = self.retry(error)?,
            }
        }
    }

    /// After a failed write or read: `Ok(true)` to try again for exactly what is left of the
    /// deadline (the socket's timeout ran out first, or a signal interrupted), else the error.
    fn retry(&self, error: io::Error) -> Result<bool, Failure> {
        match error.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted => {
                Ok(true)
            }
            _ => Err(error.into()),
        }
    }

    /// Makes the socket's timeout for `way` no longer than what is left of the deadline: as
    /// set when it is already, else lowered with room to spare, or exactly what is left.
    fn bound(&mut self, way: Way, deadline: &Deadline, exact: bool) -> Result<(), Failure> {
        let left = deadline.left()?;
        let set = match way {
            Way::Write => &mut self.write_wait,
            Way::Read => &mut self.read_wait,
        };
        if !exact && set.is_some_and(|wait| wait <= left) {
            return Ok(());
        }
        let wait = if exact {
            left
        } else {
            left - (left / 2).min(self.timeout / 8)
        };
        let result = match (&self.stream, way) {
            (Stream::Tcp(stream), Way::Write) => stream.set_write_timeout(Some(wait)),
            (Stream::Tcp(stream), Way::Read) => stream.set_read_timeout(Some(wait)),
            (Stream::Unix(stream), Way::Write) => stream.set_write_timeout(Some(wait)),
            (Stream::Unix(stream), Way::Read) => stream.set_read_timeout(Some(wait)),
        };
        // Unknown after a failure: set again next time.
        *set = None;
        result?;
        *set = Some(wait);
        Ok(())
    }
}

impl Stream {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        match self {
            Self::Tcp(stream) => stream.as_fd(),
            Self::Unix(stream) => stream.as_fd(),
        }
    }

    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Tcp(stream) => stream.read(buffer),
            Self::Unix(stream) => stream.read(buffer),
        }
    }
}
