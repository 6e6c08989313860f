<?php

declare(strict_types=1);

// Test stand-in of TYPO3 v13/v14 core: only what the tests need.

namespace TYPO3\CMS\Core\Error\Http;

class StatusException extends \TYPO3\CMS\Core\Error\Exception
{
    protected array $statusHeaders;
    protected string $title = 'Oops, an error occurred!';

    public function __construct($statusHeaders, $message, $title = '', $code = 0, ?\Throwable $previous = null)
    {
        $this->statusHeaders = is_array($statusHeaders) ? $statusHeaders : [$statusHeaders];
        $this->title = $title ?: $this->title;
        parent::__construct($message, $code, $previous);
    }

    public function getTitle(): string
    {
        return $this->title;
    }

    public function getStatusHeaders(): array
    {
        return $this->statusHeaders;
    }
}
